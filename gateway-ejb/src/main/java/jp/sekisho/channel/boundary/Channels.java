package jp.sekisho.channel.boundary;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import jp.sekisho.approval.entity.ApprovalPolicy;
import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.audit.entity.AuditRecord;
import jp.sekisho.channel.control.RecipientCertificates;
import jp.sekisho.channel.entity.Channel;
import jp.sekisho.channel.entity.ChannelName;
import jp.sekisho.channel.entity.DataContract;
import jp.sekisho.channel.entity.Windows;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.identity.boundary.Identities;
import jp.sekisho.identity.entity.Caller;
import jp.sekisho.identity.entity.Organization;
import jp.sekisho.identity.entity.SystemAccount;
import jp.sekisho.shared.InvalidValue;
import jp.sekisho.shared.Refused;

/**
 * The standing routes: every official reads them, administrators create them. Changing who receives a channel's
 * data is a decision of two approvers ({@link ChannelChanges}).
 */
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

    public List<ChannelView> all(Caller caller) {
        identities.official(caller);
        return em.createQuery("SELECT c FROM Channel c ORDER BY c.name", Channel.class).getResultStream()
                .map(ChannelView::of).toList();
    }

    public ChannelView create(Caller caller, NewChannel request) {
        try {
            identities.admin(caller, "create channels");
            if (!em.createQuery("SELECT c.id FROM Channel c WHERE c.name = :name", Long.class)
                    .setParameter("name", request.name()).getResultList().isEmpty()) {
                throw new Refused(Refused.Kind.CONFLICT, "channel-exists", "A channel of that name exists");
            }
            Channel channel = define(request);
            audit.append(AuditRecord.success(caller.login(), AuditAction.CHANNEL_CREATED, request.name(), null,
                    caller.clientAddress(), "source=" + request.source() + " destination=" + request.destination()
                            + " approvals=" + request.requiredApprovals()));
            return ChannelView.of(channel);
        } catch (Refused refused) {
            throw audit.appendRefusal(caller, "create channel", null, refused);
        }
    }

    /** Creates a channel without an acting official; for the demo world, which is created at start on request. */
    public Channel define(NewChannel request) {
        ChannelName name = name(request.name());
        SystemAccount source = identities.existingAccount(request.source());
        SystemAccount destination = identities.existingAccount(request.destination());
        String certificatePem = RecipientCertificates.usable(request.recipientCertificatePem(), clock.instant());
        Set<Organization> approverOrganizations = new HashSet<>();
        for (String code : request.approverOrganizations()) {
            approverOrganizations.add(identities.existingOrganization(code));
        }
        Channel channel;
        try {
            channel = new Channel(name, source, destination, certificatePem,
                    new ApprovalPolicy(request.requiredApprovals(), approverOrganizations),
                    new Windows(request.submitWindow(), request.approvalWindow(), request.downloadWindow(),
                            request.maxDownloads()),
                    new DataContract(request.fileNamePatterns(), request.csvColumns(), limit(request.maxFiles()),
                            limit(request.maxBytesPerFile()), limit(request.maxBytesPerBatch()),
                            limit(request.maxRecordsPerFile()), limit(request.maxRecordsPerBatch())));
        } catch (InvalidValue rule) {
            // The value types' own sentences, each naming the rule the request broke.
            throw new Refused(Refused.Kind.INVALID, "invalid-channel", rule.getMessage());
        }
        em.persist(channel);
        return channel;
    }

    private static ChannelName name(String name) {
        try {
            return new ChannelName(name);
        } catch (InvalidValue invalid) {
            throw new Refused(Refused.Kind.INVALID, "invalid-channel", "A channel name is 1-64 lower-case letters, "
                    + "digits, '.', '-' or '_'");
        }
    }



    private static OptionalLong limit(Long value) {
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }
}
