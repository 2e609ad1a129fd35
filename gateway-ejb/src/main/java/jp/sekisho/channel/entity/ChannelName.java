package jp.sekisho.channel.entity;

import java.util.regex.Pattern;

import jp.sekisho.shared.InvalidValue;

/** A channel's name, which is also its folder in the SFTP tree. */
public record ChannelName(String value) {

    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public ChannelName {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new InvalidValue("A channel name is 1-64 lower-case letters, digits, '.', '-' or '_'");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
