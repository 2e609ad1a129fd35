package jp.sekisho.custody.boundary;

import java.util.List;
import java.util.Objects;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.audit.entity.AuditEvent;
import jp.sekisho.custody.control.CustodyReport;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.identity.boundary.Identities;
import jp.sekisho.identity.entity.Caller;
import jp.sekisho.identity.entity.Official;
import jp.sekisho.identity.entity.Role;
import jp.sekisho.retention.boundary.Retention;
import jp.sekisho.retention.entity.DeletionCertificate;
import jp.sekisho.shared.Refused;
import jp.sekisho.transfer.boundary.Batches;
import jp.sekisho.transfer.entity.Batch;
import jp.sekisho.transfer.entity.BatchId;

/** The chain of custody of one batch, for auditors and the approvers who answer for the data. */
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

    /** The batch, its report, and its deletion certificate (null until the purge). */
    public record Report(Batch batch, CustodyReport custody, DeletionCertificate certificate) {
    }

    public Report of(Caller caller, BatchId id) {
        Official official = identities.official(caller);
        if (!official.holds(Role.AUDITOR) && !official.holds(Role.APPROVER)) {
            throw audit.appendRefusal(caller, "read the custody report", id.value(), new Refused(
                    Refused.Kind.FORBIDDEN, "not-an-auditor", "Only auditors and approvers read custody reports"));
        }
        Batch batch = batches.find(caller, id);
        List<AuditEvent> events = audit.eventsOfBatch(id.value());
        List<String> clients = events.stream().map(event -> event.record().clientAddress())
                .filter(Objects::nonNull).distinct().toList();
        List<AuditEvent> logins = clients.isEmpty() ? List.of() : em.createQuery("SELECT e FROM AuditEvent e "
                + "WHERE e.action = :login AND e.clientAddress IN :clients ORDER BY e.seq", AuditEvent.class)
                .setParameter("login", AuditAction.SSH_LOGIN).setParameter("clients", clients).getResultList();
        DeletionCertificate certificate = retention.certificateOf(id);
        return new Report(batch, CustodyReport.of(events, logins, certificate != null && batch.ending().purgedAt() != null),
                certificate);
    }
}
