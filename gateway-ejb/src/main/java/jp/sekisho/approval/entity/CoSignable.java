package jp.sekisho.approval.entity;

import java.time.Instant;

import jp.sekisho.identity.entity.Official;
import jp.sekisho.shared.Refused;

/**
 * Something two or more officials must co-sign before it takes effect: a batch's release, a change of a channel's
 * recipient or destination, the confirmation of a deletion certificate. The co-signing rule decides who may sign;
 * the subject says what it is waiting for and how a refusal is worded for it.
 */
public interface CoSignable {

    /** Whose approvers may sign it. */
    ApprovalPolicy policy();

    /** The official who asked for it and so may not sign it (requester, proposer), or null. */
    Official initiator();

    /** Whether this official has signed it already. */
    boolean signedBy(Official official);

    /** Refuses when it takes no more signatures: decided, confirmed, expired. */
    void requireOpen(Instant now);

    /** The digest a signer must name, so that the signature covers exactly this content; null when none. */
    String digest();

    /** How this subject words the refusal of a failed check. */
    Refused refusal(CoSigningCheck failed);
}
