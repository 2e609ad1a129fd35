package jp.sekisho.approval.control;

import java.time.Instant;

import jp.sekisho.identity.entity.Official;
import jp.sekisho.identity.entity.Role;
import jp.sekisho.shared.Refused;
import jp.sekisho.transfer.entity.Batch;
import jp.sekisho.transfer.entity.BatchState;

/** Who may decide on a batch: distinct approvers, never the requester, never an admin, from the named organizations. */
public final class FourEyesRule {

    private FourEyesRule() {
    }

    public static void check(Batch batch, Official approver, String manifestDigest, Instant now) {
        if (!approver.holds(Role.APPROVER)) {
            throw new Refused(Refused.Kind.FORBIDDEN, "not-an-approver", "Only an approver can decide on a batch");
        }
        if (approver.holds(Role.ADMIN)) {
            throw new Refused(Refused.Kind.FORBIDDEN, "admin-cannot-approve", "An administrator cannot approve");
        }
        if (batch.state() != BatchState.AWAITING_APPROVAL || batch.dueAt(now)) {
            throw new Refused(Refused.Kind.CONFLICT, "not-awaiting-approval",
                    "The batch is not awaiting approval (it is " + batch.stateAt(now) + ")");
        }
        if (batch.requester() != null && batch.requester().id().equals(approver.id())) {
            throw new Refused(Refused.Kind.FORBIDDEN, "requester-cannot-approve",
                    "The requester of a batch cannot decide on it");
        }
        if (batch.decidedBy(approver)) {
            throw new Refused(Refused.Kind.CONFLICT, "already-decided", "You have already decided on this batch");
        }
        if (!batch.channel().policy().admitsApproverFrom(approver.organization())) {
            throw new Refused(Refused.Kind.FORBIDDEN, "organization-not-in-policy",
                    "The channel's approval policy does not name your organization");
        }
        if (manifestDigest == null || !manifestDigest.equals(batch.manifestDigest())) {
            throw new Refused(Refused.Kind.CONFLICT, "manifest-digest-mismatch",
                    "The manifest digest does not match the batch's current manifest");
        }
    }
}
