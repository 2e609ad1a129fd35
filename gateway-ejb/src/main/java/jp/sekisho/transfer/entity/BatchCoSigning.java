package jp.sekisho.transfer.entity;

import java.time.Instant;

import jp.sekisho.approval.entity.ApprovalPolicy;
import jp.sekisho.approval.entity.CoSignable;
import jp.sekisho.approval.entity.CoSigningCheck;
import jp.sekisho.identity.entity.Official;
import jp.sekisho.shared.Refused;

/** A batch awaiting approval as its approvers see it: its manifest digest, to sign under the channel's policy. */
final class BatchCoSigning implements CoSignable {

    private final Batch batch;

    BatchCoSigning(Batch batch) {
        this.batch = batch;
    }

    @Override
    public ApprovalPolicy policy() {
        return batch.channel().policy();
    }

    @Override
    public Official initiator() {
        return batch.submission().requester();
    }

    @Override
    public boolean signedBy(Official official) {
        return batch.decidedBy(official);
    }

    @Override
    public void requireOpen(Instant now) {
        if (batch.state() != BatchState.AWAITING_APPROVAL || batch.dueAt(now)) {
            throw new Refused(Refused.Kind.CONFLICT, "not-awaiting-approval",
                    "The batch is not awaiting approval (it is " + batch.stateAt(now) + ")");
        }
    }

    @Override
    public String digest() {
        return batch.submission().manifestDigest();
    }

    @Override
    public Refused refusal(CoSigningCheck failed) {
        return switch (failed) {
            case NOT_AN_APPROVER -> new Refused(Refused.Kind.FORBIDDEN, "not-an-approver",
                    "Only an approver can decide on a batch");
            case ADMINISTRATOR -> new Refused(Refused.Kind.FORBIDDEN, "admin-cannot-approve",
                    "An administrator cannot approve");
            case INITIATOR -> new Refused(Refused.Kind.FORBIDDEN, "requester-cannot-approve",
                    "The requester of a batch cannot decide on it");
            case SIGNED_ALREADY -> new Refused(Refused.Kind.CONFLICT, "already-decided",
                    "You have already decided on this batch");
            case DIGEST_MISMATCH -> new Refused(Refused.Kind.CONFLICT, "manifest-digest-mismatch",
                    "The manifest digest does not match the batch's current manifest");
        };
    }
}
