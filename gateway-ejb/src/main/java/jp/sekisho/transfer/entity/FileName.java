package jp.sekisho.transfer.entity;

import jp.sekisho.formats.FileNameRule;
import jp.sekisho.shared.Refused;

/**
 * The name of one file of a batch, in Unicode NFC: what the source chose, under which the manifest lists it and the
 * destination pulls {@code <name>.p7m}. A new name is held to {@link FileNameRule}; a stored one is taken as it was
 * accepted, so that a stricter rule later never hides a batch of before.
 */
public final class FileName {

    private final String value;

    private FileName(String value) {
        this.value = value;
    }

    /** The name a client sent for a new file, in NFC; a name that breaks the rule is refused with the rule. */
    public static FileName of(String sent) {
        String name = FileNameRule.normalized(sent);
        FileNameRule.breach(name).ifPresent(breach -> {
            throw new Refused(Refused.Kind.INVALID, "invalid-file-name", breach.sentence());
        });
        return new FileName(name);
    }

    static FileName stored(String value) {
        return new FileName(value);
    }

    public String value() {
        return value;
    }

    /** Whether a recipient's disk would take the two names for one file (letter case, Unicode form). */
    public boolean collidesWith(FileName other) {
        return FileNameRule.collisionKey(value).equals(FileNameRule.collisionKey(other.value));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FileName name && name.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
