package jp.sekisho.transfer.entity;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import jp.sekisho.approval.entity.Decision;
import jp.sekisho.identity.entity.Official;

/** An approver's decision on one manifest digest, with the TOTP step that proved it was them, now. */
@Entity
@Table(name = "approval")
public class Approval {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "sekisho_seq")
    private Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "batch_id")
    private Batch batch;

    @ManyToOne(optional = false)
    @JoinColumn(name = "official_id")
    private Official official;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Decision decision;

    @Column(name = "manifest_digest", nullable = false)
    private String manifestDigest;

    private String reason;

    @Column(name = "totp_step", nullable = false)
    private long totpStep;

    @Column(name = "decided_at", nullable = false)
    private Instant decidedAt;

    protected Approval() {
    }

    public Approval(Batch batch, Official official, Decision decision, String manifestDigest, String reason,
            long totpStep, Instant decidedAt) {
        this.batch = batch;
        this.official = official;
        this.decision = decision;
        this.manifestDigest = manifestDigest;
        this.reason = reason;
        this.totpStep = totpStep;
        this.decidedAt = decidedAt;
    }

    public Official official() {
        return official;
    }

    public Decision decision() {
        return decision;
    }

    public String manifestDigest() {
        return manifestDigest;
    }

    public String reason() {
        return reason;
    }

    public Instant decidedAt() {
        return decidedAt;
    }
}
