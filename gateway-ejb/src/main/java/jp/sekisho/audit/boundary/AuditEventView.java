package jp.sekisho.audit.boundary;

import java.time.Instant;

import jp.sekisho.audit.entity.AuditEvent;
import jp.sekisho.audit.entity.AuditRecord;

/** One event of the trail as auditors read it, with its place in the chain. */
public record AuditEventView(long seq, Instant occurredAt, String actor, String action, String outcome,
        String subject, String batch, String client, String detail, String prevHash, String hash) {

    public static AuditEventView of(AuditEvent event) {
        AuditRecord record = event.record();
        return new AuditEventView(event.seq(), event.occurredAt(), record.actor(), record.action().name(),
                record.outcome().name(), record.subject(), record.batchPublicId(), record.clientAddress(),
                record.detail(), event.prevHash(), event.hash());
    }
}
