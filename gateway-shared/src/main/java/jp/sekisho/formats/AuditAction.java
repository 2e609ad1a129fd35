package jp.sekisho.formats;

/** What happened. Stable names: they are part of the hashed chain. */
public enum AuditAction {
    GATEWAY_STARTED,
    GATEWAY_STOPPED,
    SSH_LOGIN,
    SSH_LOGIN_REFUSED,
    API_LOGIN,
    API_LOGIN_REFUSED,
    BATCH_CREATED,
    FILE_RECEIVED,
    FILE_DISCARDED,
    BATCH_SUBMITTED,
    BATCH_APPROVED,
    BATCH_REJECTED,
    BATCH_AVAILABLE,
    BATCH_WITHDRAWN,
    FILE_DOWNLOADED,
    DOWNLOAD_INCOMPLETE,
    MANIFEST_DOWNLOADED,
    BATCH_DELIVERED,
    BATCH_EXPIRED,
    BATCH_PURGED,
    SFTP_OPERATION_REFUSED,
    API_OPERATION_REFUSED,
    CHANNEL_CREATED,
    RECEIPT_RECORDED,
    RECEIPT_REFUSED,
    KEY_REGISTERED,
    KEY_REVOKED,
    CHANNEL_CHANGE_PROPOSED,
    CHANNEL_CHANGE_APPROVED,
    CHANNEL_CHANGE_REJECTED,
    CHANNEL_CHANGED,
    DELETION_CONFIRMED,
    DEMO_DATA_CREATED,
    TOTP_ENROLMENT_STARTED,
    TOTP_ENROLLED,
    ORGANIZATION_CREATED,
    OFFICIAL_CREATED,
    OFFICIAL_CHANGED,
    OFFICIAL_CREDENTIALS_RESET,
    AUDIT_EXPORTED,
    ACCOUNT_NETWORKS_CHANGED,
    ACCOUNT_CREATED,
    /** A stranger's request refused (no or an unknown credential, or malformed); the first of its window. */
    REQUEST_REFUSED,
    /** How many more attempts one address made in a window after the first was recorded, and which names. */
    ATTEMPTS_SUMMARISED,
    ADDRESS_PENALISED,
    PENALTY_LIFTED,
    /**
     * An object found in storage that was not a committed file of a live batch (an upload whose end was never
     * recorded, a crash between writing and committing): its SHA-256 and size, then it is deleted.
     */
    UNRECORDED_OBJECT_DELETED
}
