package jp.sekisho.transfer.entity;

import java.util.regex.Pattern;

import jp.sekisho.formats.ReleasedManifest;
import jp.sekisho.shared.Refused;

/** The name of one file of a batch; no paths, no hidden files, nothing that looks like the gateway's own names. */
public record FileName(String value) {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    public FileName {
        if (value == null || !VALID.matcher(value).matches() || value.endsWith(".p7m")
                || value.equals(ReleasedManifest.FILE_NAME) || value.endsWith(".part")) {
            throw new Refused(Refused.Kind.INVALID, "invalid-file-name",
                    "A file name is 1-200 letters, digits, '.', '-' or '_' and must not end in .p7m or .part");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
