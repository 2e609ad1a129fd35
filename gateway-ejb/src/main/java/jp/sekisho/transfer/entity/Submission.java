package jp.sekisho.transfer.entity;

import java.time.Duration;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;

import jp.sekisho.identity.entity.Official;
import jp.sekisho.shared.Refused;

/**
 * A batch's written request: who asked, for what purpose, until when the destination may use the data, and the
 * manifest that froze the batch, with the digest every approval signs.
 */
@Embeddable
public class Submission {

    /** Minimum time: the destination states an end of use within a year. */
    public static final Duration MAX_USE_PERIOD = Duration.ofDays(366);
    public static final int MAX_PURPOSE_LENGTH = 2000;

    static final Submission NONE = new Submission();

    @ManyToOne
    @JoinColumn(name = "requester_id")
    private Official requester;

    private String purpose;

    @Column(name = "use_until")
    private Instant useUntil;

    @Column(name = "submitted_at")
    private Instant submittedAt;

    @Column(name = "manifest_json")
    private String manifestJson;

    @Column(name = "manifest_digest")
    private String manifestDigest;

    protected Submission() {
    }

    Submission(Official requester, String purpose, Instant useUntil, String manifestJson, String manifestDigest,
            Instant submittedAt) {
        requirePurpose(purpose);
        requireUsePeriod(useUntil, submittedAt);
        this.requester = requester;
        this.purpose = purpose;
        this.useUntil = useUntil;
        this.manifestJson = manifestJson;
        this.manifestDigest = manifestDigest;
        this.submittedAt = submittedAt;
    }

    static void requirePurpose(String purpose) {
        if (purpose == null || purpose.isBlank()) {
            throw new Refused(Refused.Kind.INVALID, "purpose-required", "A purpose is required to submit a batch");
        }
        if (purpose.length() > MAX_PURPOSE_LENGTH) {
            throw new Refused(Refused.Kind.INVALID, "purpose-too-long",
                    "A purpose is at most " + MAX_PURPOSE_LENGTH + " characters");
        }
    }

    /** The end of use must lie in the future and within {@link #MAX_USE_PERIOD}. */
    public static void requireUsePeriod(Instant useUntil, Instant now) {
        if (useUntil == null) {
            throw new Refused(Refused.Kind.INVALID, "use-until-required",
                    "State until when the destination may use the data");
        }
        if (!useUntil.isAfter(now) || useUntil.isAfter(now.plus(MAX_USE_PERIOD))) {
            throw new Refused(Refused.Kind.INVALID, "use-until-out-of-range",
                    "The end of use must lie in the future and at most " + MAX_USE_PERIOD.toDays() + " days ahead");
        }
    }

    public boolean submitted() {
        return submittedAt != null;
    }

    /** Null before the submission. */
    public Official requester() {
        return requester;
    }

    public String purpose() {
        return purpose;
    }

    /** Until when the requester intends the destination to use the data; part of the signed manifest. */
    public Instant useUntil() {
        return useUntil;
    }

    public Instant submittedAt() {
        return submittedAt;
    }

    public String manifestJson() {
        return manifestJson;
    }

    public String manifestDigest() {
        return manifestDigest;
    }
}
