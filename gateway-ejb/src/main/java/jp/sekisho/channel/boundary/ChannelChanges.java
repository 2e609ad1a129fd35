package jp.sekisho.channel.boundary;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import jp.sekisho.approval.control.CoSigningRule;
import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.audit.entity.AuditRecord;
import jp.sekisho.channel.control.RecipientCertificates;
import jp.sekisho.channel.entity.Channel;
import jp.sekisho.channel.entity.ChannelChange;
import jp.sekisho.channel.entity.DestinationChanging;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.identity.boundary.Identities;
import jp.sekisho.identity.entity.Caller;
import jp.sekisho.identity.entity.Official;
import jp.sekisho.keys.CertificateSummary;
import jp.sekisho.shared.Refused;

/**
 * Who receives a channel's data is changed only by two approvers of the data owner: an administrator proposes a new
 * recipient certificate or a new destination, two approvers (never the proposer, never an administrator) each
 * approve with a fresh code, and the second approval applies it; one rejection ends it. One pending change per
 * channel.
 */
@Stateless
public class ChannelChanges {

    @PersistenceContext(unitName = "sekisho")
    EntityManager em;

    @EJB
    Identities identities;

    @EJB
    AuditTrail audit;

    @Inject
    Clock clock;

    @Inject
    Event<DestinationChanging> destinationChanging;

    /** Changes waiting for approvers, newest first. */
    public List<ChannelChangeView> pending(Caller caller) {
        identities.official(caller);
        return em.createQuery("SELECT c FROM ChannelChange c WHERE c.state = :pending ORDER BY c.proposedAt DESC",
                ChannelChange.class).setParameter("pending", ChannelChange.State.PENDING).getResultStream()
                .map(ChannelChangeView::of).toList();
    }

    /** The latest changes, decided or not, newest first. */
    public List<ChannelChangeView> all(Caller caller) {
        identities.official(caller);
        return em.createQuery("SELECT c FROM ChannelChange c ORDER BY c.proposedAt DESC", ChannelChange.class)
                .setMaxResults(200).getResultStream().map(ChannelChangeView::of).toList();
    }

    /** A new recipient certificate, usable for sealing now; it applies to batches opened after it is applied. */
    public ChannelChangeView proposeRecipientCertificate(Caller caller, String channelName, String certificatePem) {
        try {
            Official admin = identities.official(caller);
            Channel channel = channel(channelName);
            String pem = RecipientCertificates.usable(certificatePem, clock.instant());
            requireNoPendingChange(channel);
            ChannelChange change = ChannelChange.ofRecipientCertificate(channel, pem, admin, clock.instant());
            return proposed(caller, change, "recipient certificate " + CertificateSummary.ofPem(pem).describe());
        } catch (Refused refused) {
            throw audit.appendRefusal(caller, "change recipient certificate of " + channelName, null, refused);
        }
    }

    /**
     * A new destination account. The second approval is refused while a batch of the channel is open or still
     * visible to the current destination, so no batch ever reaches an account it was not approved for.
     */
    public ChannelChangeView proposeDestination(Caller caller, String channelName, String destinationName) {
        try {
            Official admin = identities.official(caller);
            Channel channel = channel(channelName);
            requireNoPendingChange(channel);
            ChannelChange change = ChannelChange.ofDestination(channel, identities.existingAccount(destinationName), admin,
                    clock.instant());
            return proposed(caller, change, "destination " + channel.destination().name() + " → " + destinationName);
        } catch (Refused refused) {
            throw audit.appendRefusal(caller, "change destination of " + channelName, null, refused);
        }
    }

    /** An approver decides with a fresh TOTP code; the second approval applies the change to the channel. */
    public ChannelChangeView decide(Caller caller, long changeId, boolean approve, String totpCode, String reason) {
        try {
            Official approver = identities.official(caller);
            ChannelChange change = em.find(ChannelChange.class, changeId, LockModeType.PESSIMISTIC_WRITE);
            if (change == null) {
                throw new Refused(Refused.Kind.NOT_FOUND, "no-such-change", "No such channel change");
            }
            Instant now = clock.instant();
            CoSigningRule.sign(change, approver, null, now, signer -> identities.stepUp(signer, totpCode),
                    step -> approve ? approve(caller, approver, change, now) : reject(caller, approver, change,
                            reason, now));
            return ChannelChangeView.of(change);
        } catch (Refused refused) {
            throw audit.appendRefusal(caller, "decide channel change " + changeId, null, refused);
        }
    }

    private ChannelChangeView proposed(Caller caller, ChannelChange change, String what) {
        em.persist(change);
        em.flush();
        audit.append(AuditRecord.success(caller.login(), AuditAction.CHANNEL_CHANGE_PROPOSED,
                change.channel().name().value(), null, caller.clientAddress(), "change " + change.id() + ": " + what
                        + "; waits for " + ChannelChange.REQUIRED_APPROVALS + " approvers"));
        return ChannelChangeView.of(change);
    }

    private ChannelChange approve(Caller caller, Official approver, ChannelChange change, Instant now) {
        String subject = change.channel().name().value();
        if (change.kind() == ChannelChange.Kind.DESTINATION && change.nextApprovalApplies()) {
            destinationChanging.fire(new DestinationChanging(change.channel().name()));
        }
        boolean applied = change.approve(approver, now);
        audit.append(AuditRecord.success(caller.login(), AuditAction.CHANNEL_CHANGE_APPROVED, subject, null,
                caller.clientAddress(), "change " + change.id() + ": approval "
                        + (applied ? ChannelChange.REQUIRED_APPROVALS : 1) + " of " + ChannelChange.REQUIRED_APPROVALS));
        if (applied) {
            audit.append(AuditRecord.success("gateway", AuditAction.CHANNEL_CHANGED, subject, null, null,
                    "change " + change.id() + " applied: " + (change.kind() == ChannelChange.Kind.DESTINATION
                            ? "destination " + change.proposedValue()
                            : "recipient certificate " + CertificateSummary.ofPem(change.proposedValue()).describe())
                            + " for batches created from now on"));
        }
        return change;
    }

    private ChannelChange reject(Caller caller, Official approver, ChannelChange change, String reason,
            Instant now) {
        change.reject(approver, reason, now);
        audit.append(AuditRecord.success(caller.login(), AuditAction.CHANNEL_CHANGE_REJECTED,
                change.channel().name().value(), null, caller.clientAddress(), "change " + change.id() + ": "
                        + reason));
        return change;
    }

    private void requireNoPendingChange(Channel channel) {
        boolean pending = !em.createQuery("SELECT c.id FROM ChannelChange c WHERE c.channel = :channel "
                + "AND c.state = :pending", Long.class).setParameter("channel", channel)
                .setParameter("pending", ChannelChange.State.PENDING).getResultList().isEmpty();
        if (pending) {
            throw new Refused(Refused.Kind.CONFLICT, "change-pending",
                    "A change of this channel is already waiting for approval; it must be decided first");
        }
    }

    private Channel channel(String name) {
        return em.createQuery("SELECT c FROM Channel c WHERE c.name = :name", Channel.class)
                .setParameter("name", name).getResultStream().findFirst()
                .orElseThrow(() -> new Refused(Refused.Kind.NOT_FOUND, "no-such-channel", "No channel named " + name));
    }


}
