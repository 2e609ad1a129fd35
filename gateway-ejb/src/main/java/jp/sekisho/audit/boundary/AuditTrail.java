package jp.sekisho.audit.boundary;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;

import jp.sekisho.audit.entity.Actor;
import jp.sekisho.audit.entity.AuditEvent;
import jp.sekisho.audit.entity.AuditRecord;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.formats.ChainHasher;
import jp.sekisho.shared.Refused;

/** Appends to the hash chain. State changes append in their own transaction; denials in a new one. */
@Stateless
public class AuditTrail {

    /** The statements of an append, also what {@code AuditAppendBenchmark} times. */
    static final String LOCK_HEAD = "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE";
    static final String INSERT_EVENT = "INSERT INTO audit_event (seq, occurred_at, actor, action, outcome, "
            + "subject, batch_public_id, client_address, detail, prev_hash, hash) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    @PersistenceContext(unitName = "sekisho")
    EntityManager em;

    @Inject
    Clock clock;

    /** Appends within the caller's transaction, so the event exists exactly when the change it reports does. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public AuditEvent append(AuditRecord record) {
        Head head = lockedHead();
        long seq = head.seq() + 1;
        // Microseconds: both databases keep them, so the stored event hashes the same when read back.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String hash = ChainHasher.hash(head.hash(), ChainHasher.canonicalEvent(record.content(seq, now)));
        // Sent now rather than at commit, so that a second append in this transaction finds the head moved; the
        // database's trigger (V15) moves it, in the same round trip.
        em.createNativeQuery(INSERT_EVENT).setFlushMode(FlushModeType.COMMIT)
                .setParameter(1, seq).setParameter(2, OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .setParameter(3, record.actor()).setParameter(4, record.action().name())
                .setParameter(5, record.outcome().name()).setParameter(6, record.subject())
                .setParameter(7, record.batchPublicId()).setParameter(8, record.clientAddress())
                .setParameter(9, record.detail()).setParameter(10, head.hash()).setParameter(11, hash)
                .executeUpdate();
        return new AuditEvent(seq, now, record, head.hash(), hash);
    }

    /**
     * The chain's head, locked until the caller's transaction ends: nobody else appends meanwhile, so what the caller
     * appends or signs extends exactly this head.
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public Head lockedHead() {
        // FlushModeType.COMMIT: locking the head must not send the caller's unfinished changes early.
        Object[] row = (Object[]) em.createNativeQuery(LOCK_HEAD)
                .setFlushMode(FlushModeType.COMMIT).getSingleResult();
        return new Head(((Number) row[0]).longValue(), (String) row[1]);
    }

    /** The last event's sequence number and hash ({@code 0} and {@link ChainHasher#GENESIS} before the first). */
    public record Head(long seq, String hash) {
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
    public Refused appendRefusal(Actor official, String operation, String batchPublicId, Refused refused) {
        append(AuditRecord.denied(official.name(), AuditAction.API_OPERATION_REFUSED, operation, batchPublicId,
                official.clientAddress(), refused.reason() + ": " + refused.getMessage()));
        return refused.recorded();
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
        return ((Number) em.createNativeQuery("SELECT seq FROM audit_head WHERE id = 1")
                .setFlushMode(FlushModeType.COMMIT).getSingleResult()).longValue();
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

    /**
     * The part of the trail a reader may read: a JPQL condition on the event {@code e} and its parameters. The trail
     * does not know who may read what; the feature that does says so, and every query of a reader applies it.
     */
    public record Scope(String condition, Map<String, Object> parameters) {

        /** Every event. */
        public static final Scope WHOLE = new Scope(null, Map.of());

        public Scope {
            parameters = Map.copyOf(parameters);
        }
    }

    /** The newest events in scope that match, before {@code beforeSeq} (for paging back), at most {@code limit}. */
    public List<AuditEvent> search(Filter filter, Scope scope, long beforeSeq, int limit) {
        Map<String, Object> parameters = new HashMap<>();
        StringBuilder query = new StringBuilder("SELECT e FROM AuditEvent e WHERE e.seq < :before");
        parameters.put("before", beforeSeq);
        where(query, parameters, "e.batchPublicId = :batch", "batch", filter.batch());
        where(query, parameters, "e.actor = :actor", "actor", filter.actor());
        where(query, parameters, "e.action = :action", "action", filter.action());
        where(query, parameters, "e.occurredAt >= :from", "from", filter.from());
        where(query, parameters, "e.occurredAt < :to", "to", filter.to());
        return inScope(query, parameters, scope, " ORDER BY e.seq DESC", limit);
    }

    /** Events in scope after {@code afterSeq} in chain order (of one batch, unless {@code batch} is null). */
    public List<AuditEvent> events(Scope scope, String batch, long afterSeq, int limit) {
        Map<String, Object> parameters = new HashMap<>();
        StringBuilder query = new StringBuilder("SELECT e FROM AuditEvent e WHERE e.seq > :after");
        parameters.put("after", afterSeq);
        where(query, parameters, "e.batchPublicId = :batch", "batch", batch);
        return inScope(query, parameters, scope, " ORDER BY e.seq", limit);
    }

    private static void where(StringBuilder query, Map<String, Object> parameters, String condition, String name,
            Object value) {
        if (value != null) {
            query.append(" AND ").append(condition);
            parameters.put(name, value);
        }
    }

    private List<AuditEvent> inScope(StringBuilder query, Map<String, Object> parameters, Scope scope, String order,
            int limit) {
        if (scope.condition() != null) {
            query.append(" AND (").append(scope.condition()).append(')');
            parameters.putAll(scope.parameters());
        }
        TypedQuery<AuditEvent> typed = em.createQuery(query.append(order).toString(), AuditEvent.class)
                .setMaxResults(Math.min(Math.max(limit, 1), 1000));
        parameters.forEach(typed::setParameter);
        return typed.getResultList();
    }

    public List<AuditEvent> eventsOfBatch(String batchPublicId) {
        return em.createQuery("SELECT e FROM AuditEvent e WHERE e.batchPublicId = :batch ORDER BY e.seq",
                AuditEvent.class).setParameter("batch", batchPublicId).getResultList();
    }

    /** Files of a batch that were received but discarded, and why: the requester sees them with the batch. */
    public List<AuditEventView> refusedFilesOf(String batchPublicId) {
        return em.createQuery("SELECT e FROM AuditEvent e WHERE e.batchPublicId = :batch AND e.action = :action "
                + "ORDER BY e.seq", AuditEvent.class).setParameter("batch", batchPublicId)
                .setParameter("action", AuditAction.FILE_DISCARDED).getResultStream().map(AuditEventView::of).toList();
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
            String recomputed = hasher.hashOf(expectedPrev, (event.record()).content(event.seq(), event.occurredAt()));
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
