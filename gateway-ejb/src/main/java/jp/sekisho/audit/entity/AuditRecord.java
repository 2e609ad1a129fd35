package jp.sekisho.audit.entity;

import java.time.Instant;

import jp.sekisho.formats.AuditAction;
import jp.sekisho.formats.ChainHasher;

/**
 * The content of an audit event before it takes its place in the chain. {@code detail} is free text for
 * people; it never holds secrets or file contents.
 *
 * <p>Every text is made fit for its column here, whoever built the record: refusals quote what a caller sent, and
 * writing a refusal must never fail because of what was sent. Control and bidirectional-override characters are
 * escaped (an event reads as it is stored), and a text longer than its column is cut and says how much was cut.
 * Normalising a normalised record changes nothing, so a record read back from the table hashes the same.
 */
public record AuditRecord(String actor, AuditAction action, AuditEvent.Outcome outcome, String subject,
        String batchPublicId, String clientAddress, String detail) {

    /** The columns of {@code audit_event} (V1). */
    static final int ACTOR_COLUMN = 128;
    static final int SUBJECT_COLUMN = 512;
    static final int BATCH_COLUMN = 36;
    static final int CLIENT_COLUMN = 64;
    static final int DETAIL_COLUMN = 4000;

    public AuditRecord {
        actor = AuditText.fit(actor == null || actor.isEmpty() ? "-" : actor, ACTOR_COLUMN);
        subject = AuditText.fit(subject, SUBJECT_COLUMN);
        batchPublicId = AuditText.fit(batchPublicId, BATCH_COLUMN);
        clientAddress = AuditText.fit(clientAddress, CLIENT_COLUMN);
        detail = AuditText.fit(detail, DETAIL_COLUMN);
    }

    public static AuditRecord success(String actor, AuditAction action, String subject, String batchPublicId,
            String clientAddress, String detail) {
        return new AuditRecord(actor, action, AuditEvent.Outcome.SUCCESS, subject, batchPublicId, clientAddress,
                detail);
    }

    public static AuditRecord denied(String actor, AuditAction action, String subject, String batchPublicId,
            String clientAddress, String detail) {
        return new AuditRecord(actor, action, AuditEvent.Outcome.DENIED, subject, batchPublicId, clientAddress,
                detail);
    }

    /** This record as the chain hashes it, at position {@code seq}, stored at {@code occurredAt} (microseconds). */
    public ChainHasher.Content content(long seq, Instant occurredAt) {
        return new ChainHasher.Content(seq, occurredAt.toString(), actor, action.name(), outcome.name(), subject,
                batchPublicId, clientAddress, detail);
    }
}
