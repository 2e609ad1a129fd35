package jp.sekisho.auditing.control;

import java.util.Map;

import jakarta.persistence.EntityManager;

import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.identity.entity.Official;
import jp.sekisho.identity.entity.Organization;
import jp.sekisho.identity.entity.Role;
import jp.sekisho.transfer.control.BatchVisibility;

/**
 * Which part of the audit trail an auditor reads (docs/access.md). The organization that runs the gateway (the one
 * its administrators belong to) answers for the whole chain, so its auditors read and export every event. Any other
 * auditor reads what the officials of their organization may see: the events of the batches it sees
 * ({@link BatchVisibility}), and the events of no batch that its own officials or system accounts caused (logins,
 * administration, keys).
 */
public final class TrailScope {

    private static final String OWN_EVENT_WITHOUT_BATCH = "e.batchPublicId IS NULL AND (e.actor IN "
            + "(SELECT o.login FROM Official o WHERE o.organization = :" + BatchVisibility.VIEWER + ") OR e.actor IN "
            + "(SELECT a.name FROM SystemAccount a WHERE a.organization = :" + BatchVisibility.VIEWER + "))";

    private TrailScope() {
    }

    /** The events this auditor reads. */
    public static AuditTrail.Scope of(EntityManager em, Official auditor) {
        Organization organization = auditor.organization();
        if (runsTheGateway(em, organization)) {
            return AuditTrail.Scope.WHOLE;
        }
        return new AuditTrail.Scope("e.batchPublicId IN (SELECT b.publicId FROM Batch b WHERE "
                + BatchVisibility.condition("b") + ") OR (" + OWN_EVENT_WITHOUT_BATCH + ")",
                Map.of(BatchVisibility.VIEWER, organization));
    }

    /**
     * Whether the organization runs the gateway: one of its enabled officials administers it. Making someone an
     * administrator is an administrator's decision, as is every other role.
     */
    public static boolean runsTheGateway(EntityManager em, Organization organization) {
        return em.createQuery("SELECT COUNT(o) FROM Official o JOIN o.roles r WHERE o.organization = :organization "
                + "AND o.enabled = TRUE AND r = :admin", Long.class).setParameter("organization", organization)
                .setParameter("admin", Role.ADMIN).getSingleResult() > 0;
    }
}
