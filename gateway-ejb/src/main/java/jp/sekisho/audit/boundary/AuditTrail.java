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
        return page(afterSeq, Long.MAX_VALUE, Math.min(Math.max(limit, 1), 1000));
    }

    /** The events with {@code afterSeq < seq <= lastSeq}, in order, at most {@code limit}: a page of an export. */
    public List<AuditEvent> page(long afterSeq, long lastSeq, int limit) {
        return em.createQuery("SELECT e FROM AuditEvent e WHERE e.seq > :after AND e.seq <= :last ORDER BY e.seq",
                AuditEvent.class).setParameter("after", afterSeq).setParameter("last", lastSeq)
                .setMaxResults(limit).getResultList();
    }

    public long headSeq() {
        return em.find(AuditHead.class, AuditHead.ID).seq();
    }

    /** What an auditor narrows the trail to; every part is optional. */
    public record Filter(String batch, String actor, AuditAction action, Instant from, Instant to) {

        /** From what an auditor typed: blank means any, and an action is named as in the trail. */
        public static Filter of(String batch, String actor, String action, Instant from, Instant to) {
            AuditAction named;
            try {
                named = blankToNull(action) == null ? null : AuditAction.valueOf(action.trim());
            } catch (IllegalArgumentException unknown) {
                throw new Refused(Refused.Kind.INVALID, "no-such-action", "No audit action " + action);
            }
            return new Filter(blankToNull(batch), blankToNull(actor), named, from, to);
        }

        private static String blankToNull(String text) {
            return text == null || text.isBlank() ? null : text.trim();
        }
    }

    /** The newest events that match, before {@code beforeSeq} (for paging back), at most {@code limit}. */
    public List<AuditEvent> search(Filter filter, long beforeSeq, int limit) {
        StringBuilder query = new StringBuilder("SELECT e FROM AuditEvent e WHERE e.seq < :before");
        if (filter.batch() != null) {
            query.append(" AND e.batchPublicId = :batch");
        }
        if (filter.actor() != null) {
            query.append(" AND e.actor = :actor");
        }
        if (filter.action() != null) {
            query.append(" AND e.action = :action");
        }
        if (filter.from() != null) {
            query.append(" AND e.occurredAt >= :from");
        }
        if (filter.to() != null) {
            query.append(" AND e.occurredAt < :to");
        }
        var typed = em.createQuery(query.append(" ORDER BY e.seq DESC").toString(), AuditEvent.class)
                .setParameter("before", beforeSeq).setMaxResults(Math.min(Math.max(limit, 1), 1000));
        if (filter.batch() != null) {
            typed.setParameter("batch", filter.batch());
        }
        if (filter.actor() != null) {
            typed.setParameter("actor", filter.actor());
        }
        if (filter.action() != null) {
            typed.setParameter("action", filter.action());
        }
        if (filter.from() != null) {
            typed.setParameter("from", filter.from());
        }
        if (filter.to() != null) {
            typed.setParameter("to", filter.to());
        }
        return typed.getResultList();
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

    /**
     * Checks the events after {@code afterSeq} (at most {@code limit}), continuing from {@code prevHash}: the
     * result says how far the chain verified, or the first event that does not.
     */
    public ChainCheck verifyFrom(long afterSeq, String prevHash, int limit) {
        ChainHasher hasher = new ChainHasher();
        long expectedSeq = afterSeq + 1;
        String expectedPrev = prevHash;
        for (AuditEvent event : page(afterSeq, Long.MAX_VALUE, Math.min(Math.max(limit, 1), 10_000))) {
            String recomputed = hasher.hashOf(expectedPrev, ChainHasher.Content.of(event.seq(), event.occurredAt(),
                    event.record()));
            if (event.seq() != expectedSeq || !event.prevHash().equals(expectedPrev)
                    || !event.hash().equals(recomputed)) {
                return new ChainCheck(expectedSeq - 1, expectedPrev, expectedSeq);
            }
            expectedPrev = event.hash();
            expectedSeq++;
        }
        return new ChainCheck(expectedSeq - 1, expectedPrev, -1);
    }

    /** How far the chain verified ({@code seq}, {@code hash}), and the first event that broke it, or -1. */
    public record ChainCheck(long verifiedSeq, String verifiedHash, long firstBrokenSeq) {
        public boolean intact() {
            return firstBrokenSeq < 0;
        }
    }
}
