package jp.sekisho.channel.boundary;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.audit.entity.AuditAction;
import jp.sekisho.audit.entity.AuditRecord;
import jp.sekisho.keys.control.SelfSignedCredentials;
import jp.sekisho.transfer.control.Sealer;
import jp.sekisho.channel.entity.ApprovalPolicy;
import jp.sekisho.channel.entity.Channel;
import jp.sekisho.channel.entity.ChannelName;
import jp.sekisho.channel.entity.DataContract;
import jp.sekisho.channel.entity.Windows;
import jp.sekisho.identity.boundary.Identities;
import jp.sekisho.identity.entity.AccountName;
import jp.sekisho.identity.entity.Caller;
import jp.sekisho.identity.entity.Organization;
import jp.sekisho.identity.entity.Role;
import jp.sekisho.identity.entity.SystemAccount;
import jp.sekisho.transfer.entity.Refused;

/** Administration of channels: the standing routes, their recipients, policies and windows. */
@Stateless
public class Channels {

    @PersistenceContext(unitName = "sekisho")
    EntityManager em;

    @EJB
    Identities identities;

    @EJB
    AuditTrail audit;

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
            if (!identities.official(caller).holds(Role.ADMIN)) {
                throw new Refused(Refused.Kind.FORBIDDEN, "not-an-admin", "Only an administrator can create channels");
            }
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
            audit.appendDenial(AuditRecord.denied(caller.login(), AuditAction.API_OPERATION_REFUSED,
                    "create channel", null, caller.clientAddress(), refused.reason()));
            throw refused;
        }
    }

    /** Creates a channel without an acting official; for the demo world, which is created at start on request. */
    public Channel define(ChannelDefinition definition) {
        SystemAccount source = account(definition.source());
        SystemAccount destination = account(definition.destination());
        try {
            new Sealer(List.of(SelfSignedCredentials.parseCertificatePem(definition.recipientCertificatePem())));
        } catch (RuntimeException e) {
            throw new Refused(Refused.Kind.INVALID, "unusable-recipient-certificate",
                    "The recipient certificate cannot be used: " + e.getMessage());
        }
        Set<Organization> approverOrganizations = new HashSet<>();
        for (String code : definition.approverOrganizationCodes()) {
            approverOrganizations.add(em.createQuery("SELECT o FROM Organization o WHERE o.code = :code",
                    Organization.class).setParameter("code", code).getResultStream().findFirst()
                    .orElseThrow(() -> new Refused(Refused.Kind.INVALID, "no-such-organization",
                            "No organization with code " + code)));
        }
        Channel channel;
        try {
            channel = new Channel(definition.name(), source, destination, definition.recipientCertificatePem(),
                    new ApprovalPolicy(definition.requiredApprovals(), approverOrganizations), definition.windows(),
                    definition.contract());
        } catch (IllegalArgumentException e) {
            throw new Refused(Refused.Kind.INVALID, "invalid-channel", e.getMessage());
        }
        em.persist(channel);
        return channel;
    }

    private SystemAccount account(AccountName name) {
        return identities.account(name).orElseThrow(() -> new Refused(Refused.Kind.INVALID, "no-such-account",
                "No system account named " + name));
    }
}
