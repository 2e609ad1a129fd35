package jp.sekisho.retention.boundary;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import jp.sekisho.audit.boundary.AuditTrail;
import jp.sekisho.audit.entity.AuditRecord;
import jp.sekisho.config.GatewaySettings;
import jp.sekisho.persistence.MemberPresence;
import jp.sekisho.config.StorageSettings;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.retention.control.Unaccounted;
import jp.sekisho.retention.entity.UnrecordedObject;
import jp.sekisho.transfer.control.BatchLocks;
import jp.sekisho.transfer.control.CiphertextStore;
import jp.sekisho.transfer.control.CiphertextStore.StoredObject;
import jp.sekisho.transfer.control.TransfersInFlight;
import jp.sekisho.transfer.entity.Batch;
import jp.sekisho.transfer.entity.BatchFile;
import jp.sekisho.transfer.entity.BatchId;

/**
 * Storage and the database agree: every object in storage is a committed file of a batch not yet purged, or it is
 * recorded (SHA-256, size, why), audited, and then deleted; a file row still receiving whose upload is over leaves
 * with it. Recording comes first, so that a crash between the two leaves an object the next run deletes, never a
 * deletion nobody recorded. It runs at start (nothing is in flight then), in every sweep (for uploads this instance
 * could not record at once, and for anything else that nobody has written to for a while) and before each purge.
 */
@Stateless
public class StorageReconciliation {

    private static final Logger LOG = Logger.getLogger(StorageReconciliation.class.getName());
    private static final int KEYS_PER_QUERY = 500;

    @PersistenceContext(unitName = "sekisho")
    EntityManager em;

    @EJB
    AuditTrail audit;

    @Inject
    CiphertextStore store;

    @Inject
    TransfersInFlight inFlight;

    @Inject
    MemberPresence presence;

    @Inject
    StorageSettings settings;

    @Inject
    Clock clock;

    @Resource
    SessionContext context;

    @Inject
    GatewaySettings gateway;

    /**
     * At start nothing is in flight here: all that no committed file accounts for is taken up, however recent, but
     * for uploads another member is receiving under a live lease.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public int atStart() {
        return reconcile(store.objects(), Instant.MAX, Unaccounted.Occasion.START);
    }

    /**
     * What this instance could not record at once, and anything else once nobody has written to it for
     * {@link StorageSettings#unclaimedAfter()}: until then another instance may be writing it.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public int inSweep() {
        return reconcile(store.objects(), clock.instant().minus(settings.unclaimedAfter()),
                Unaccounted.Occasion.SWEEP);
    }

    /** An ended batch's folder, before its purge: everything but its committed files is recorded and deleted. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public int beforePurge(BatchId batch) {
        return reconcile(store.objectsOf(batch), Instant.MAX, Unaccounted.Occasion.PURGE);
    }

    private int reconcile(List<StoredObject> objects, Instant unclaimedBefore, Unaccounted.Occasion occasion) {
        StorageReconciliation self = context.getBusinessObject(StorageReconciliation.class);
        Set<String> notRecorded = inFlight.uploads().endsNotRecorded();
        // A dead member's uploads are taken up at once, so that a client's retry on another member may reuse the name.
        Set<String> orphaned = occasion == Unaccounted.Occasion.SWEEP ? self.uploadsOfMembersGone() : Set.of();
        List<StoredObject> candidates = objects.stream().filter(object -> object.lastModified()
                .isBefore(unclaimedBefore) || object.storageKey().filter(key -> notRecorded.contains(key)
                        || orphaned.contains(key)).isPresent()).toList();
        Set<String> committed = self.committedKeysOfUnpurgedBatches(candidates.stream().filter(
                StoredObject::committed).map(object -> object.storageKey().orElseThrow()).toList());
        Map<String, List<StoredObject>> byFolder = new LinkedHashMap<>();
        for (StoredObject object : candidates) {
            if (!object.committed() || !committed.contains(object.storageKey().orElseThrow())) {
                byFolder.computeIfAbsent(String.valueOf(object.folder()), folder -> new ArrayList<>()).add(object);
            }
        }
        Set<String> unresolved = new HashSet<>();
        int deleted = 0;
        for (List<StoredObject> folder : byFolder.values()) {
            try {
                Optional<BatchId> batch = folder.get(0).batch();
                List<StoredObject> recorded = batch.isPresent()
                        ? self.recordUnaccounted(batch.get(), folder, occasion)
                        : self.recordForeign(folder);
                for (StoredObject object : recorded) {
                    store.delete(object);
                    deleted++;
                }
            } catch (RuntimeException e) {
                folder.forEach(object -> object.storageKey().ifPresent(unresolved::add));
                LOG.log(Level.WARNING, "Storage folder " + folder.get(0).folder() + " could not be reconciled with "
                        + "the database; the next sweep tries again", e);
            }
        }
        if (occasion != Unaccounted.Occasion.PURGE) {
            unresolved.addAll(dropRowsWithoutObjects(self, occasion == Unaccounted.Occasion.START ? null
                    : notRecorded));
        }
        notRecorded.stream().filter(key -> !unresolved.contains(key)).forEach(inFlight.uploads()::reconciled);
        if (deleted > 0) {
            int count = deleted;
            LOG.info(() -> "Storage reconciled with the database (" + occasion.name().toLowerCase() + "): " + count
                    + " object(s) no committed file accounted for were recorded, audited and deleted");
        }
        return deleted;
    }

    /** Storage keys of the uploads still receiving on other members that are not running any more. */
    public Set<String> uploadsOfMembersGone() {
        Set<String> gone = new HashSet<>();
        Map<String, Boolean> running = new HashMap<>();
        for (Object[] row : em.createQuery("SELECT f.storageKey, f.receiver FROM BatchFile f WHERE f.state = "
                + ":receiving AND f.receiver IS NOT NULL AND f.receiver <> :member", Object[].class)
                .setParameter("receiving", BatchFile.State.RECEIVING).setParameter("member", gateway.member())
                .getResultList()) {
            if (!running.computeIfAbsent((String) row[1], member -> presence.present(em, member))) {
                gone.add((String) row[0]);
            }
        }
        return gone;
    }

    /** Of these storage keys, those of files committed to batches whose storage the purge has not deleted yet. */
    public Set<String> committedKeysOfUnpurgedBatches(List<String> storageKeys) {
        Set<String> committed = new HashSet<>();
        for (int from = 0; from < storageKeys.size(); from += KEYS_PER_QUERY) {
            committed.addAll(em.createQuery("SELECT f.storageKey FROM BatchFile f WHERE f.state = :sealed "
                    + "AND f.batch.ending.purgedAt IS NULL AND f.storageKey IN :keys", String.class)
                    .setParameter("sealed", BatchFile.State.SEALED)
                    .setParameter("keys", storageKeys.subList(from, Math.min(storageKeys.size(),
                            from + KEYS_PER_QUERY))).getResultList());
        }
        return committed;
    }

    /**
     * With the batch's row locked, the objects of its folder that no committed file accounts for are recorded and
     * audited, and a row still receiving leaves with its object; returned, to be deleted once this commits. An
     * upload this instance is receiving into a batch that has not ended is left alone.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public List<StoredObject> recordUnaccounted(BatchId batchId, List<StoredObject> objects,
            Unaccounted.Occasion occasion) {
        Optional<Batch> batch = BatchLocks.lockIfPresent(em, batchId);
        Instant now = clock.instant();
        List<StoredObject> taken = new ArrayList<>();
        for (StoredObject object : objects) {
            Unaccounted unaccounted = Unaccounted.of(object, batch, occasion, inFlight, now, gateway.member(),
                    member -> presence.present(em, member));
            if (unaccounted == null) {
                continue;
            }
            boolean firstTime = em.createQuery("SELECT o FROM UnrecordedObject o WHERE o.batchPublicId = :batch "
                    + "AND o.objectName = :name", UnrecordedObject.class).setParameter("batch", batchId.value())
                    .setParameter("name", object.name()).getResultList().isEmpty();
            if (firstTime) {
                String sha256 = store.sha256Of(object);
                em.persist(new UnrecordedObject(batchId.value(), object.name(), unaccounted.fileName(), sha256,
                        object.size(), now, unaccounted.why()));
                audit.append(AuditRecord.success("gateway", AuditAction.UNRECORDED_OBJECT_DELETED,
                        unaccounted.subject(), batchId.value(), null, "object=" + object.name() + " sha256=" + sha256
                                + " size=" + object.size() + "; " + unaccounted.why()));
            }
            unaccounted.receivingRow().ifPresent(file -> batch.orElseThrow().discard(file));
            taken.add(object);
        }
        return taken;
    }

    /** Objects outside any batch's folder: audited with their SHA-256 and size; returned, to be deleted. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public List<StoredObject> recordForeign(List<StoredObject> objects) {
        for (StoredObject object : objects) {
            audit.append(AuditRecord.success("gateway", AuditAction.UNRECORDED_OBJECT_DELETED, "storage/"
                    + (object.folder() == null ? "" : object.folder() + "/") + object.name(), null, null, "object="
                    + object.name() + " sha256=" + store.sha256Of(object) + " size=" + object.size()
                    + "; it lies outside any batch's folder"));
        }
        return objects;
    }

    /**
     * Rows still receiving whose upload left nothing in storage (its end could not be recorded after the upload had
     * deleted what it stored): all of them at start, else those of {@code storageKeys}. Returns the keys that failed.
     */
    private Set<String> dropRowsWithoutObjects(StorageReconciliation self, Set<String> storageKeys) {
        if (storageKeys != null && storageKeys.isEmpty()) {
            return Set.of();
        }
        Set<String> failed = new HashSet<>();
        for (Object[] row : self.receivingRows(storageKeys)) {
            BatchId batch = new BatchId((String) row[0]);
            String key = (String) row[1];
            if (store.objectsOf(batch).stream().anyMatch(object -> object.storageKey().filter(key::equals)
                    .isPresent())) {
                continue;
            }
            try {
                self.dropReceivingRow(batch, key);
            } catch (RuntimeException e) {
                failed.add(key);
                LOG.log(Level.WARNING, "A file row of batch " + batch + " could not be reconciled; the next sweep "
                        + "tries again", e);
            }
        }
        return failed;
    }

    /**
     * Batch id and storage key of the rows still receiving, of these keys or (null) all, but for another member's
     * uploads under a live lease: those are that member's business.
     */
    public List<Object[]> receivingRows(Set<String> storageKeys) {
        String query = "SELECT f FROM BatchFile f WHERE f.state = :receiving"
                + (storageKeys == null ? "" : " AND f.storageKey IN :keys");
        var rows = em.createQuery(query, BatchFile.class).setParameter("receiving", BatchFile.State.RECEIVING);
        if (storageKeys != null) {
            rows.setParameter("keys", List.copyOf(storageKeys));
        }
        Instant now = clock.instant();
        return rows.getResultList().stream().filter(file -> !file.receivedElsewhereAt(now, gateway.member(),
                member -> presence.present(em, member)))
                .map(file -> new Object[] {file.batch().publicId().value(), file.storageKey()}).toList();
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void dropReceivingRow(BatchId batchId, String storageKey) {
        Batch batch = BatchLocks.lock(em, batchId);
        batch.files().stream().filter(file -> file.storageKey().equals(storageKey) && !file.sealed()).findFirst()
                .ifPresent(file -> {
                    batch.discard(file);
                    audit.append(AuditRecord.denied("gateway", AuditAction.FILE_DISCARDED, batch.channel().name()
                            + "/" + batch.name() + "/" + file.name().value(), batchId.value(), null,
                            "its upload's end was never recorded and it left nothing in storage"));
                });
    }
}
