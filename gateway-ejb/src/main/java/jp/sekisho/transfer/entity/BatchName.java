package jp.sekisho.transfer.entity;

import java.util.regex.Pattern;

import jp.sekisho.shared.Refused;

/** A batch's folder name, chosen by the source with {@code mkdir}. */
public record BatchName(String value) {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public BatchName {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new Refused(Refused.Kind.INVALID, "invalid-batch-name",
                    "A batch name is 1-128 letters, digits, '.', '-' or '_', starting with a letter or digit");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
