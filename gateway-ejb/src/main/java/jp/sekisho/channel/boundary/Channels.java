package jp.sekisho.channel.boundary;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import jp.sekisho.approval.control.CoSigningRule;
import jp.sekisho.approval.entity.ApprovalPolicy;
import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.audit.entity.AuditRecord;
import jp.sekisho.channel.entity.Channel;
import jp.sekisho.channel.entity.ChannelChange;
import jp.sekisho.channel.entity.ChannelName;
import jp.sekisho.channel.entity.DataContract;
import jp.sekisho.channel.entity.DestinationChanging;
import jp.sekisho.channel.entity.Windows;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.identity.boundary.Identities;
import jp.sekisho.identity.entity.AccountName;
import jp.sekisho.identity.entity.Caller;
import jp.sekisho.identity.entity.Official;
import jp.sekisho.identity.entity.Organization;
import jp.sekisho.identity.entity.SystemAccount;
import jp.sekisho.keys.SelfSignedCredentials;
import jp.sekisho.sealing.control.Sealer;
import jp.sekisho.shared.Refused;

/** Administration of channels: the standing routes, their recipients, policies and windows. */
@Stateless
public class Channels {

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

    /** The input of a new channel, as an administrator states it. */
    public record ChannelDefinition(ChannelName name, AccountName source, AccountName destination,
            String recipientCertificatePem, int requiredApprovals, Set<String> approverOrganizationCodes,
            Windows windows, DataContract contract) {
    }

    public List<Channel> all() {
        return em.createQuery("SELECT c FROM Channel c ORDER BY c.name", Channel.class).getResultList();
    }

    public Channel create(Caller caller, ChannelDefinition definition) {
        try {
            identities.admin(caller, "create channels");
            if (!em.createQuery("SELECT c.id FROM Channel c WHERE c.name = :name", Long.class)
                    .setParameter("name", definition.name().value()).getResultList().isEmpty()) {
                throw new Refused(Refused.Kind.CONFLICT, "channel-exists", "A channel of that name exists");
            }
            Channel channel = define(definition);
            audit.append(AuditRecord.success(caller.login(), AuditAction.CHANNEL_CREATED, definition.name().value(),
                    null, caller.clientAddress(), "source=" + definition.source() + " destination="
                            + definition.destination() + " approvals=" + definition.requiredApprovals()));
            return channel;
        } catch (Refused refused) {
            throw audit.appendRefusal(caller, "create channel", null, refused);
        }
    }

    /**
     * Proposes a new recipient certificate; it is checked now (usable for sealing) and applies only after two
     * approvers agree. One pending change per channel.
     */
    public ChannelChange proposeRecipientCertificate(Caller caller, ChannelName name, String certificatePem) {
        try {
            Official admin = identities.official(caller);
            Channel channel = channel(name);
            String pem = normalized(certificatePem);
            requireUsable(pem);
            requireNoPendingChange(channel);
            ChannelChange change = ChannelChange.ofRecipientCertificate(channel, pem, admin,
                    clock.instant());
            em.persist(change);
            em.flush();
            audit.append(AuditRecord.success(caller.login(), AuditAction.CHANNEL_CHANGE_PROPOSED, name.value(), null,
                    caller.clientAddress(), "change " + change.id() + ": recipient certificate "
                            + describe(pem) + "; waits for " + ChannelChange.REQUIRED_APPROVALS
                            + " approvers"));
            return change;
        } catch (Refused refused) {
            throw audit.appendRefusal(caller, "change recipient certificate of " + name, null, refused);
        }
    }

    /**
     * Proposes a new destination account. Two approvers of the data owner apply it, and the second approval is
     * refused while a batch of the channel is open or still visible to the current destination, so no batch ever
     * reaches an account it was not approved for.
     */
    public ChannelChange proposeDestination(Caller caller, ChannelName name, AccountName newDestination) {
        try {
            Official admin = identities.official(caller);
            Channel channel = channel(name);
            requireNoPendingChange(channel);
            ChannelChange change = ChannelChange.ofDestination(channel, account(newDestination), admin,
                    clock.instant());
            em.persist(change);
            em.flush();
            audit.append(AuditRecord.success(caller.login(), AuditAction.CHANNEL_CHANGE_PROPOSED, name.value(), null,
                    caller.clientAddress(), "change " + change.id() + ": destination " + channel.destination().name()
                            + " → " + newDestination + "; waits for " + ChannelChange.REQUIRED_APPROVALS
                            + " approvers"));
            return change;
        } catch (Refused refused) {
            throw audit.appendRefusal(caller, "change destination of " + name, null, refused);
        }
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

    /** Changes waiting for approvers, newest first. */
    public List<ChannelChange> pendingChanges() {
        return em.createQuery("SELECT c FROM ChannelChange c WHERE c.state = :pending ORDER BY c.proposedAt DESC",
                ChannelChange.class).setParameter("pending", ChannelChange.State.PENDING).getResultList();
    }

    public List<ChannelChange> changes() {
        return em.createQuery("SELECT c FROM ChannelChange c ORDER BY c.proposedAt DESC", ChannelChange.class)
                .setMaxResults(200).getResultList();
    }

    /** An approver decides with a fresh TOTP code; the second approval applies the change to the channel. */
    public ChannelChange decideChange(Caller caller, long changeId, boolean approve, String totpCode, String reason) {
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
            return change;
        } catch (Refused refused) {
            throw audit.appendRefusal(caller, "decide channel change " + changeId, null, refused);
        }
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
                            : "recipient certificate " + describe(change.proposedValue()))
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

    /** Creates a channel without an acting official; for the demo world, which is created at start on request. */
    public Channel define(ChannelDefinition definition) {
        SystemAccount source = account(definition.source());
        SystemAccount destination = account(definition.destination());
        String certificatePem = normalized(definition.recipientCertificatePem());
        requireUsable(certificatePem);
        Set<Organization> approverOrganizations = new HashSet<>();
        for (String code : definition.approverOrganizationCodes()) {
            approverOrganizations.add(identities.existingOrganization(code));
        }
        Channel channel;
        try {
            channel = new Channel(definition.name(), source, destination, certificatePem,
                    new ApprovalPolicy(definition.requiredApprovals(), approverOrganizations), definition.windows(),
                    definition.contract());
        } catch (IllegalArgumentException e) {
            throw new Refused(Refused.Kind.INVALID, "invalid-channel", e.getMessage());
        }
        em.persist(channel);
        return channel;
    }

    private Channel channel(ChannelName name) {
        return em.createQuery("SELECT c FROM Channel c WHERE c.name = :name", Channel.class)
                .setParameter("name", name.value()).getResultStream().findFirst()
                .orElseThrow(() -> new Refused(Refused.Kind.NOT_FOUND, "no-such-channel", "No channel named " + name));
    }

    private static String normalized(String certificate) {
        try {
            return SelfSignedCredentials.normalizedCertificatePem(certificate);
        } catch (IllegalArgumentException e) {
            throw new Refused(Refused.Kind.INVALID, "unusable-recipient-certificate",
                    "The recipient certificate cannot be read: " + e.getMessage());
        }
    }

    private void requireUsable(String certificatePem) {
        try {
            new Sealer(List.of(SelfSignedCredentials.parseCertificatePem(certificatePem)), clock.instant());
        } catch (RuntimeException e) {
            throw new Refused(Refused.Kind.INVALID, "unusable-recipient-certificate",
                    "The recipient certificate cannot be used: " + e.getMessage());
        }
    }

    private static String describe(String certificatePem) {
        X509Certificate certificate = SelfSignedCredentials.parseCertificatePem(certificatePem);
        return "\"" + certificate.getSubjectX500Principal().getName() + "\" serial "
                + certificate.getSerialNumber().toString(16) + " valid until " + certificate.getNotAfter().toInstant();
    }

    private SystemAccount account(AccountName name) {
        return identities.account(name).orElseThrow(() -> new Refused(Refused.Kind.INVALID, "no-such-account",
                "No system account named " + name));
    }
}
