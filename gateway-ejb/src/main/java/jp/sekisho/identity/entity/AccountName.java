package jp.sekisho.identity.entity;

import java.util.regex.Pattern;

import jp.sekisho.shared.InvalidValue;

/** The SSH user name of a system account. */
public record AccountName(String value) {

    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

    public AccountName {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new InvalidValue("An account name is 1-64 lower-case letters, digits, '-' or '_'");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
