package jp.sekisho.shared;

import jakarta.ejb.ApplicationException;

/**
 * A rule said no. The {@code reason} is a stable code for the audit trail and for clients; the message is safe to
 * show to the caller (it never contains data or internals).
 */
@ApplicationException(rollback = true)
public class Refused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** How an adapter should present the refusal in its own protocol. */
    public enum Kind {
        NOT_FOUND,
        FORBIDDEN,
        CONFLICT,
        INVALID,
        UNAUTHENTICATED,
        /** Too many attempts: the caller must wait. */
        THROTTLED,
        /** More than the gateway accepts in one request. */
        TOO_LARGE,
        /** Not the caller's doing: something the gateway needs (its storage, its database) is not available now. */
        UNAVAILABLE
    }

    private final Kind kind;
    private final String reason;
    private boolean recorded;

    public Refused(Kind kind, String reason, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.reason = reason;
    }

    public Kind kind() {
        return kind;
    }

    public String reason() {
        return reason;
    }

    /** Marks this refusal as written to the audit trail, so that an adapter does not write it again. */
    public Refused recorded() {
        recorded = true;
        return this;
    }

    public boolean isRecorded() {
        return recorded;
    }
}
