package jp.sekisho.transfer.control;

import java.util.Optional;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import jp.sekisho.shared.Refused;
import jp.sekisho.transfer.entity.Batch;
import jp.sekisho.transfer.entity.BatchId;

/**
 * Every change of a batch's state starts by locking its row, so that two approvals, an upload's end and the sweep
 * never decide on the same batch at the same time.
 */
public final class BatchLocks {

    private BatchLocks() {
    }

    public static Batch lock(EntityManager em, BatchId id) {
        return lockIfPresent(em, id)
                .orElseThrow(() -> new Refused(Refused.Kind.NOT_FOUND, "no-such-batch", "No such batch"));
    }

    public static Optional<Batch> lockIfPresent(EntityManager em, BatchId id) {
        return em.createQuery("SELECT b.id FROM Batch b WHERE b.publicId = :id", Long.class)
                .setParameter("id", id.value()).getResultStream().findFirst()
                .map(rowId -> em.find(Batch.class, rowId, LockModeType.PESSIMISTIC_WRITE));
    }
}
