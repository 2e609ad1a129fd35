package jp.sekisho.audit.entity;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import jp.sekisho.formats.AuditAction;
import jp.sekisho.formats.AuditExport;

/** One append-only, hash-chained record of something that happened. Never updated, never deleted. */
@Entity
@Table(name = "audit_event")
public class AuditEvent {

    /** Whether the action took place or was refused. */
    public enum Outcome {
        SUCCESS,
        DENIED,
        FAILURE
    }

    @Id
    private long seq;

    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    @Column(nullable = false)
    private String actor;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private AuditAction action;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Outcome outcome;

    private String subject;

    @Column(name = "batch_public_id")
    private String batchPublicId;

    @Column(name = "client_address")
    private String clientAddress;

    private String detail;

    @Column(name = "prev_hash", nullable = false)
    private String prevHash;

    @Column(nullable = false)
    private String hash;

    protected AuditEvent() {
    }

    public AuditEvent(long seq, Instant occurredAt, AuditRecord record, String prevHash, String hash) {
        this.seq = seq;
        this.occurredAt = occurredAt;
        this.actor = record.actor();
        this.action = record.action();
        this.outcome = record.outcome();
        this.subject = record.subject();
        this.batchPublicId = record.batchPublicId();
        this.clientAddress = record.clientAddress();
        this.detail = record.detail();
        this.prevHash = prevHash;
        this.hash = hash;
    }

    /** The event as an export carries it, for the offline verifier. */
    public AuditExport.ExportedEvent exported() {
        return new AuditExport.ExportedEvent(record().content(seq, occurredAt()), prevHash, hash);
    }

    public long seq() {
        return seq;
    }

    public Instant occurredAt() {
        return occurredAt;
    }

    public AuditRecord record() {
        return new AuditRecord(actor, action, outcome, subject, batchPublicId, clientAddress, detail);
    }

    public String prevHash() {
        return prevHash;
    }

    public String hash() {
        return hash;
    }
}
