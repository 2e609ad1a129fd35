package jp.sekisho.audit.boundary;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import jp.sekisho.audit.control.ChainHasher;
import jp.sekisho.audit.entity.AuditAction;
import jp.sekisho.audit.entity.AuditEvent;
import jp.sekisho.audit.entity.AuditHead;
import jp.sekisho.audit.entity.AuditRecord;
import jp.sekisho.identity.entity.Caller;
import jp.sekisho.transfer.entity.Refused;

/** Appends to the hash chain. State changes append in their own transaction; denials in a new one. */
@Stateless
public class AuditTrail {

    @PersistenceContext(unitName = "sekisho")
    EntityManager em;

    private final Clock clock = Clock.systemUTC();

    /** Appends within the caller's transaction, so the event exists exactly when the change it reports does. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public AuditEvent append(AuditRecord record) {
        AuditHead head = em.find(AuditHead.class, AuditHead.ID, LockModeType.PESSIMISTIC_WRITE);
        long seq = head.seq() + 1;
        // Microseconds: both databases keep them, so the stored event hashes the same when read back.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String hash = ChainHasher.hash(head.hash(), ChainHasher.canonicalEvent(seq, now, record));
        AuditEvent event = new AuditEvent(seq, now, record, head.hash(), hash);
        em.persist(event);
        head.advance(seq, hash);
        return event;
    }

    /** Records a refusal so that it survives the rollback of the operation that was refused. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void appendDenial(AuditRecord record) {
        append(record);
    }

    /**
     * Records an official's request the core refused (operation, reason code and sentence), in a transaction of its
     * own, and hands the refusal back so that the caller can throw it.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Refused appendRefusal(Caller caller, String operation, String batchPublicId, Refused refused) {
        append(AuditRecord.denied(caller.login(), AuditAction.API_OPERATION_REFUSED, operation, batchPublicId,
                caller.clientAddress(), refused.reason() + ": " + refused.getMessage()));
        return refused;
    }

    public List<AuditEvent> events(long afterSeq, int limit) {
        return em.createQuery("SELECT e FROM AuditEvent e WHERE e.seq > :after ORDER BY e.seq", AuditEvent.class)
                .setParameter("after", afterSeq)
                .setMaxResults(Math.min(Math.max(limit, 1), 1000))
                .getResultList();
    }

    public List<AuditEvent> eventsOfBatch(String batchPublicId) {
        return em.createQuery("SELECT e FROM AuditEvent e WHERE e.batchPublicId = :batch ORDER BY e.seq",
                AuditEvent.class).setParameter("batch", batchPublicId).getResultList();
    }

    /** Files of a batch that were received but discarded, and why: the requester sees them with the batch. */
    public List<AuditEvent> discardedFilesOf(String batchPublicId) {
        return em.createQuery("SELECT e FROM AuditEvent e WHERE e.batchPublicId = :batch AND e.action = :action "
                + "ORDER BY e.seq", AuditEvent.class).setParameter("batch", batchPublicId)
                .setParameter("action", jp.sekisho.audit.entity.AuditAction.FILE_DISCARDED).getResultList();
    }

    /** Recomputes the whole chain; returns the sequence number of the first event that does not verify, or -1. */
    public long firstBrokenEvent() {
        String expectedPrev = ChainHasher.GENESIS;
        long expectedSeq = 1;
        for (AuditEvent event : em.createQuery("SELECT e FROM AuditEvent e ORDER BY e.seq", AuditEvent.class)
                .getResultList()) {
            String recomputed = ChainHasher.hash(expectedPrev,
                    ChainHasher.canonicalEvent(event.seq(), event.occurredAt(), event.record()));
            if (event.seq() != expectedSeq || !event.prevHash().equals(expectedPrev)
                    || !event.hash().equals(recomputed)) {
                return expectedSeq;
            }
            expectedPrev = event.hash();
            expectedSeq++;
        }
        return -1;
    }
}
