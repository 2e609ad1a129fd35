package jp.sekisho.audit.entity;

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

    private static String truncated(String text) {
        return text == null || text.length() <= 4000 ? text : text.substring(0, 4000);
    }
}
