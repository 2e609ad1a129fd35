package jp.sekisho.retention.boundary;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import jp.sekisho.approval.control.CoSigningRule;
import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.audit.entity.AuditRecord;
import jp.sekisho.audit.entity.CheckpointDue;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.formats.DeletionStatement;
import jp.sekisho.gateway.boundary.GatewayKeys;
import jp.sekisho.identity.boundary.Identities;
import jp.sekisho.identity.entity.Caller;
import jp.sekisho.identity.entity.Official;
import jp.sekisho.identity.entity.Role;
import jp.sekisho.keys.CmsSignatures;
import jp.sekisho.keys.SelfSignedCredentials;
import jp.sekisho.retention.entity.DeletionCertificate;
import jp.sekisho.retention.entity.UnrecordedObject;
import jp.sekisho.shared.Refused;
import jp.sekisho.shared.Sha256;
import jp.sekisho.transfer.boundary.Batches;
import jp.sekisho.transfer.control.BatchLocks;
import jp.sekisho.transfer.control.BatchVisibility;
import jp.sekisho.transfer.control.CiphertextStore;
import jp.sekisho.transfer.entity.Batch;
import jp.sekisho.transfer.entity.BatchEnded;
import jp.sekisho.transfer.entity.BatchFile;
import jp.sekisho.transfer.entity.BatchId;

/**
 * Minimum time: ends batches whose window has passed and deletes the ciphertext of every ended batch, issuing a
 * deletion certificate. Everything here is idempotent and safe when two gateway instances run it at once.
 */
@Stateless
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class.getName());
    private static final int SWEEP_BATCH = 100;

    @PersistenceContext(unitName = "sekisho")
    EntityManager em;

    @EJB
    AuditTrail audit;

    @Inject
    Event<CheckpointDue> checkpointDue;

    @Inject
    CiphertextStore store;

    @EJB
    GatewayKeys keys;

    @EJB
    Identities identities;

    @EJB
    Batches batches;

    @EJB
    StorageReconciliation reconciliation;

    @Resource
    SessionContext context;

    @Inject
    Clock clock;

    /** Expires what is due, then finishes every purge not yet done (including ones a crash interrupted). */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public int sweep() {
        Retention self = context.getBusinessObject(Retention.class);
        self.expireDue();
        int purged = 0;
        for (String id : self.endedButNotPurged()) {
            try {
                self.purge(new BatchId(id));
                purged++;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Purge of batch " + id + " failed; the next sweep retries it", e);
            }
        }
        return purged;
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void expireDue() {
        Instant now = clock.instant();
        @SuppressWarnings("unchecked")
        List<Number> due = em.createNativeQuery("SELECT id FROM batch WHERE state IN "
                + "('UPLOADING', 'AWAITING_APPROVAL', 'AVAILABLE') AND expires_at <= ? ORDER BY expires_at "
                + "FETCH FIRST " + SWEEP_BATCH + " ROWS ONLY FOR UPDATE SKIP LOCKED")
                .setParameter(1, now.atOffset(ZoneOffset.UTC)).getResultList();
        for (Number id : due) {
            Batch batch = em.find(Batch.class, id.longValue());
            if (batch.expireIfDue(now)) {
                audit.append(AuditRecord.success("gateway", AuditAction.BATCH_EXPIRED,
                        batch.channel().name() + "/" + batch.name(), batch.publicId().value(), null,
                        String.valueOf(batch.ending().reason())));
            }
        }
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public List<String> endedButNotPurged() {
        return new ArrayList<>(em.createQuery("SELECT b.publicId FROM Batch b WHERE b.ending.purgedAt IS NULL AND b.state IN "
                + "(jp.sekisho.transfer.entity.BatchState.DELIVERED, jp.sekisho.transfer.entity.BatchState.REJECTED, "
                + "jp.sekisho.transfer.entity.BatchState.EXPIRED, jp.sekisho.transfer.entity.BatchState.WITHDRAWN)",
                String.class).setMaxResults(SWEEP_BATCH).getResultList());
    }

    /**
     * Deletes an ended batch's ciphertext and certifies it; a second call for the same batch changes nothing. First
     * whatever storage holds for it besides its committed files is recorded and deleted, so that the certificate,
     * issued in a transaction of its own once the committed files are gone, lists every object deleted.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void purge(BatchId batchId) {
        reconciliation.beforePurge(batchId);
        context.getBusinessObject(Retention.class).deleteAndCertify(batchId);
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void deleteAndCertify(BatchId batchId) {
        Batch batch = BatchLocks.lockIfPresent(em, batchId).orElse(null);
        if (batch == null || !batch.state().ended() || batch.ending().purgedAt() != null) {
            return;
        }
        List<UnrecordedObject> unrecorded = em.createQuery("SELECT o FROM UnrecordedObject o "
                + "WHERE o.batchPublicId = :batch ORDER BY o.id", UnrecordedObject.class)
                .setParameter("batch", batchId.value()).getResultList();
        Set<String> accountedFor = new HashSet<>();
        batch.files().stream().filter(BatchFile::sealed).forEach(file -> accountedFor.add(file.storageKey() + ".p7m"));
        unrecorded.forEach(object -> accountedFor.add(object.objectName()));
        if (store.objectsOf(batchId).stream().anyMatch(object -> !accountedFor.contains(object.name()))) {
            throw new IllegalStateException("Storage of batch " + batchId + " changed while it was being purged");
        }
        int removed = store.deleteBatch(batchId);
        if (store.holdsAnythingOf(batchId)) {
            throw new IllegalStateException("Storage of batch " + batchId + " could not be removed");
        }
        Instant now = clock.instant();
        String body = statement(batch, unrecorded, now).toJson();
        SelfSignedCredentials signing = keys.manifestSigningKey();
        DeletionCertificate certificate = new DeletionCertificate(batch, now, body, Sha256.hex(body),
                CmsSignatures.signDetached(body.getBytes(StandardCharsets.UTF_8), signing.privateKey(),
                        signing.certificate()));
        em.persist(certificate);
        batch.markPurged(now);
        audit.append(AuditRecord.success("gateway", AuditAction.BATCH_PURGED,
                batch.channel().name() + "/" + batch.name(), batchId.value(), null,
                removed + " stored file(s) deleted; " + unrecorded.size() + " object(s) that were no committed file "
                        + "listed as deleted before; deletion certificate sha256=" + certificate.digest()));
        checkpointDue.fire(new CheckpointDue("purge of batch " + batchId.value()));
    }

    /**
     * A batch ended and its end has committed: its ciphertext is purged now, in transactions of its own. Should
     * that fail, the sweep retries it within seconds.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void purgeWhenEnded(@Observes(during = TransactionPhase.AFTER_SUCCESS) BatchEnded ended) {
        context.getBusinessObject(Retention.class).purge(ended.batch());
    }

    /**
     * An approver of the data owner confirms, with a fresh TOTP code, that the batch's data is gone as its
     * deletion certificate (named by its digest) states; two distinct officials confirm each certificate.
     */
    public DeletionCertificateView confirmDeletion(Caller caller, BatchId batchId, String certificateDigest,
            String totpCode) {
        try {
            Official official = identities.official(caller);
            BatchVisibility.requireSeen(em, official, batchId);
            Batch batch = BatchLocks.lock(em, batchId);
            DeletionCertificate certificate = certificate(batchId).orElseThrow(Retention::notPurgedYet);
            Instant now = clock.instant();
            CoSigningRule.sign(certificate, official, certificateDigest, now,
                    signer -> identities.stepUp(signer, totpCode), step -> {
                        certificate.confirm(official, certificateDigest, step, now);
                        return certificate;
                    });
            audit.append(AuditRecord.success(caller.login(), AuditAction.DELETION_CONFIRMED,
                    batch.channel().name() + "/" + batch.name(), batchId.value(), caller.clientAddress(),
                    "deletion certificate sha256=" + certificate.digest() + "; confirmation "
                            + certificate.confirmations().size() + " of " + DeletionCertificate.REQUIRED_CONFIRMATIONS));
            return DeletionCertificateView.of(certificate);
        } catch (Refused refused) {
            throw audit.appendRefusal(caller, "confirm deletion", batchId.value(), refused);
        }
    }

    /** The certificate of a batch the caller may see, once it is purged. */
    public Optional<DeletionCertificateView> certificateOf(Caller caller, BatchId batchId) {
        batches.find(caller, batchId, "read the deletion certificate");
        return certificate(batchId).map(DeletionCertificateView::of);
    }

    /** The newest deletion certificates of the batches the auditor sees. */
    public List<DeletionCertificateView> recentCertificates(Caller caller, int limit) {
        try {
            return seenBy(identities.auditor(caller, "list deletion certificates"), limit).stream()
                    .map(DeletionCertificateView::of).toList();
        } catch (Refused refused) {
            throw audit.appendRefusal(caller, "list deletion certificates", null, refused);
        }
    }

    /**
     * Certificates this approver may still confirm: of batches they see, not yet confirmed twice, not by them, on
     * channels whose policy admits them.
     */
    public List<DeletionCertificateView> awaitingConfirmationBy(Caller caller) {
        Official official = identities.official(caller);
        if (!official.holds(Role.APPROVER) || official.holds(Role.ADMIN)) {
            return List.of();
        }
        return seenBy(official, 500).stream()
                .filter(certificate -> !certificate.confirmed() && !certificate.confirmedBy(caller.officialId()))
                .filter(certificate -> certificate.batch().channel().policy()
                        .admitsApproverFrom(official.organization()))
                .map(DeletionCertificateView::of).toList();
    }

    private List<DeletionCertificate> seenBy(Official official, int limit) {
        return BatchVisibility.viewerOf(official).map(viewer -> em.createQuery("SELECT c FROM DeletionCertificate c "
                + "JOIN c.batch b WHERE " + BatchVisibility.condition("b") + " ORDER BY c.issuedAt DESC",
                DeletionCertificate.class).setParameter(BatchVisibility.VIEWER, viewer).setMaxResults(limit)
                .getResultList()).orElse(List.of());
    }

    private Optional<DeletionCertificate> certificate(BatchId batchId) {
        return em.createQuery("SELECT c FROM DeletionCertificate c WHERE c.batch.publicId = :id",
                DeletionCertificate.class).setParameter("id", batchId.value()).getResultStream().findFirst();
    }

    private static Refused notPurgedYet() {
        return new Refused(Refused.Kind.NOT_FOUND, "no-certificate", "The batch has not been purged yet");
    }

    private static DeletionStatement statement(Batch batch, List<UnrecordedObject> unrecorded, Instant now) {
        return new DeletionStatement(batch.publicId().value(), batch.name().value(), batch.channel().name().value(),
                batch.submission().manifestDigest(), batch.state().name(), String.valueOf(batch.ending().reason()),
                batch.files().stream().filter(BatchFile::sealed).map(file -> new DeletionStatement.DeletedFile(
                        file.name().value(), file.ciphertextSha256(), file.ciphertextSize())).toList(),
                unrecorded.stream().map(UnrecordedObject::asStated).toList(), now);
    }
}
