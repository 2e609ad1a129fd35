package jp.sekisho.transfer.entity;

import jp.sekisho.shared.Refused;

/** What an account's virtual tree never allows, whatever the path, and the sentence the client is shown for it. */
public enum ForbiddenOperation {
    REMOVE("remove", "no-remove",
            "Nothing can be removed over SFTP; batches are withdrawn by a requester and purged by the gateway"),
    RENAME("rename", "no-rename", "Files and folders cannot be renamed or moved"),
    COPY("copy", "no-copy", "Files cannot be copied on the gateway"),
    SYMLINK("symlink", "no-links", "Links cannot be created"),
    LINK("link", "no-links", "Links cannot be created"),
    SET_ATTRIBUTES("setstat", "no-attribute-changes", "Attributes cannot be changed"),
    TRUNCATE("truncate", "no-truncate", "Files cannot be truncated; a file is written once, in one pass");

    private final String verb;
    private final String reason;
    private final String message;

    ForbiddenOperation(String verb, String reason, String message) {
        this.verb = verb;
        this.reason = reason;
        this.message = message;
    }

    /** How the audit trail names the operation. */
    public String verb() {
        return verb;
    }

    public Refused refusal() {
        return new Refused(Refused.Kind.FORBIDDEN, reason, message);
    }
}
