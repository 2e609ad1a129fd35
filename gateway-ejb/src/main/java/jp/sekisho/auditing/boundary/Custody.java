package jp.sekisho.auditing.boundary;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import jp.sekisho.audit.boundary.AuditEventView;
import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.audit.entity.AuditEvent;
import jp.sekisho.auditing.control.CustodyReport;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.identity.boundary.Identities;
import jp.sekisho.identity.entity.Caller;
import jp.sekisho.identity.entity.Official;
import jp.sekisho.identity.entity.Role;
import jp.sekisho.retention.boundary.DeletionCertificateView;
import jp.sekisho.retention.boundary.Retention;
import jp.sekisho.shared.Refused;
import jp.sekisho.transfer.boundary.BatchView;
import jp.sekisho.transfer.boundary.Batches;
import jp.sekisho.transfer.entity.BatchId;

/**
 * The chain of custody of one batch, for auditors and the approvers who answer for the data, of a batch they see
 * (docs/access.md): every event of it, whoever caused the event.
 */
@Stateless
public class Custody {

    @PersistenceContext(unitName = "sekisho")
    EntityManager em;

    @EJB
    Identities identities;

    @EJB
    Batches batches;

    @EJB
    AuditTrail audit;

    @EJB
    Retention retention;

    /** The batch, who had its data (sessions, officials, every event), and its deletion certificate once purged. */
    public record CustodyView(BatchView batch, CustodyReport custody, Optional<DeletionCertificateView> certificate) {
    }

    public CustodyView of(Caller caller, BatchId id) {
        Official official = identities.official(caller);
        if (!official.holds(Role.AUDITOR) && !official.holds(Role.APPROVER)) {
            throw audit.appendRefusal(caller, "read the custody report", id.value(), new Refused(
                    Refused.Kind.FORBIDDEN, "not-an-auditor", "Only auditors and approvers read custody reports"));
        }
        BatchView batch = batches.find(caller, id, "read the custody report");
        List<AuditEventView> events = audit.eventsOfBatch(id.value()).stream().map(AuditEventView::of).toList();
        List<String> clients = events.stream().map(AuditEventView::client).filter(Objects::nonNull).distinct()
                .toList();
        List<AuditEventView> logins = clients.isEmpty() ? List.of() : em.createQuery("SELECT e FROM AuditEvent e "
                + "WHERE e.action = :login AND e.clientAddress IN :clients ORDER BY e.seq", AuditEvent.class)
                .setParameter("login", AuditAction.SSH_LOGIN).setParameter("clients", clients).getResultStream()
                .map(AuditEventView::of).toList();
        Optional<DeletionCertificateView> certificate = retention.certificateOf(caller, id);
        return new CustodyView(batch, CustodyReport.of(events, logins, certificate.isPresent()
                && batch.purgedAt() != null), certificate);
    }
}
