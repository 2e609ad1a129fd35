package jp.sekisho.approval.entity;

/** The checks of the four-eyes rule whose refusal each {@link CoSignable} words for itself. */
public enum CoSigningCheck {
    NOT_AN_APPROVER,
    ADMINISTRATOR,
    INITIATOR,
    SIGNED_ALREADY,
    DIGEST_MISMATCH
}
