package jp.sekisho.channel.boundary;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jp.sekisho.channel.entity.ChannelChange;
import jp.sekisho.identity.boundary.PersonView;
import jp.sekisho.keys.CertificateSummary;

/**
 * A proposed change of a channel, as the approvers who decide on it compare it: the new destination account, or the
 * new recipient certificate's facts; who proposed it, who approved, and how it ended.
 */
public record ChannelChangeView(long id, String channel, ChannelChange.Kind kind, ChannelChange.State state,
        PersonView proposedBy, Instant proposedAt, String destination, CertificateSummary certificate,
        List<Approval> approvals, PersonView rejectedBy, String reason) {

    /** One approver's approval and when. */
    public record Approval(PersonView approver, Instant at) {
    }

    static ChannelChangeView of(ChannelChange change) {
        List<Approval> approvals = new ArrayList<>();
        if (change.firstApprover() != null) {
            approvals.add(new Approval(PersonView.of(change.firstApprover()), change.firstApprovedAt()));
        }
        if (change.state() == ChannelChange.State.APPLIED) {
            approvals.add(new Approval(PersonView.of(change.decidedBy()), change.decidedAt()));
        }
        boolean destination = change.kind() == ChannelChange.Kind.DESTINATION;
        boolean rejected = change.state() == ChannelChange.State.REJECTED;
        return new ChannelChangeView(change.id(), change.channel().name().value(), change.kind(), change.state(),
                PersonView.of(change.proposedBy()), change.proposedAt(), destination ? change.proposedValue() : null,
                destination ? null : CertificateSummary.ofPem(change.proposedValue()), List.copyOf(approvals),
                rejected ? PersonView.of(change.decidedBy()) : null, rejected ? change.reason() : null);
    }
}
