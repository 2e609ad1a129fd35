package jp.sekisho.transfer.entity;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

/** How and when a batch ended, and when its stored ciphertext was purged. */
@Embeddable
public class Ending {

    /** Why a batch ended, for the deletion certificate and the audit trail. */
    public enum Reason {
        DELIVERED,
        REJECTED,
        WITHDRAWN,
        NOT_SUBMITTED_IN_TIME,
        NOT_APPROVED_IN_TIME,
        NOT_DOWNLOADED_IN_TIME
    }

    static final Ending NONE = new Ending();

    @Column(name = "ended_at")
    private Instant endedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "end_reason")
    private Reason endReason;

    @Column(name = "purged_at")
    private Instant purgedAt;

    protected Ending() {
    }

    Ending(Reason reason, Instant endedAt) {
        this.endReason = reason;
        this.endedAt = endedAt;
    }

    /** Purge is idempotent: the first purge's time stays. */
    void markPurged(Instant now) {
        if (purgedAt == null) {
            purgedAt = now;
        }
    }

    public Instant endedAt() {
        return endedAt;
    }

    public Reason reason() {
        return endReason;
    }

    public Instant purgedAt() {
        return purgedAt;
    }
}
