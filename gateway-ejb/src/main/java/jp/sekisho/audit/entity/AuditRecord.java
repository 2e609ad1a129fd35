package jp.sekisho.audit.entity;

import java.time.Instant;

import jp.sekisho.formats.AuditAction;
import jp.sekisho.formats.ChainHasher;

/**
 * The content of an audit event before it takes its place in the chain. {@code detail} is free text for
 * people; it never holds secrets or file contents.
 */
public record AuditRecord(String actor, AuditAction action, AuditEvent.Outcome outcome, String subject,
        String batchPublicId, String clientAddress, String detail) {

    public static AuditRecord success(String actor, AuditAction action, String subject, String batchPublicId,
            String clientAddress, String detail) {
        return new AuditRecord(actor, action, AuditEvent.Outcome.SUCCESS, subject, batchPublicId, clientAddress,
                truncated(detail));
    }

    public static AuditRecord denied(String actor, AuditAction action, String subject, String batchPublicId,
            String clientAddress, String detail) {
        return new AuditRecord(actor, action, AuditEvent.Outcome.DENIED, subject, batchPublicId, clientAddress,
                truncated(detail));
    }

    /** This record as the chain hashes it, at position {@code seq}, stored at {@code occurredAt} (microseconds). */
    public ChainHasher.Content content(long seq, Instant occurredAt) {
        return new ChainHasher.Content(seq, occurredAt.toString(), actor, action.name(), outcome.name(), subject,
                batchPublicId, clientAddress, detail);
    }

    private static String truncated(String text) {
        return text == null || text.length() <= 4000 ? text : text.substring(0, 4000);
    }
}
