package jp.sekisho.audit.boundary;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import jp.sekisho.audit.entity.AuditCheckpoint;
import jp.sekisho.audit.entity.CheckpointDue;
import jp.sekisho.config.GatewaySettings;
import jp.sekisho.formats.Checkpoint;
import jp.sekisho.gateway.boundary.GatewayKeys;
import jp.sekisho.keys.SelfSignedCredentials;
import jp.sekisho.persistence.DatabaseWatch;

/**
 * Signs checkpoints of the audit chain with the gateway's signing key: every {@code sekisho.audit.checkpoint-minutes}
 * (60 by default) and after every batch's purge. Kept outside the gateway, a checkpoint proves how long the chain
 * was and what its head was at that moment, so a later truncation or rewrite cannot pass an offline verification.
 */
@Singleton
@Startup
public class Checkpoints {

    private static final Logger LOG = Logger.getLogger(Checkpoints.class.getName());

    @PersistenceContext(unitName = "sekisho")
    EntityManager em;

    @EJB
    GatewayKeys keys;

    @EJB
    AuditTrail audit;

    @Resource
    TimerService timers;

    @Inject
    Clock clock;

    @Inject
    GatewaySettings settings;

    @PostConstruct
    void schedule() {
        long interval = settings.auditCheckpointInterval().toMillis();
        timers.createIntervalTimer(interval, interval, new TimerConfig("audit checkpoint", false));
    }

    @Timeout
    void onInterval() {
        // A checkpoint missed during an outage is signed at the next interval, over the same events and more.
        if (DatabaseWatch.current().reachable()) {
            sign();
        }
    }

    /** A change worth anchoring committed (a batch's purge): the chain's state at that moment is signed. */
    public void onCheckpointDue(@Observes(during = TransactionPhase.AFTER_SUCCESS) CheckpointDue due) {
        try {
            sign();
        } catch (RuntimeException notNow) {
            LOG.log(Level.WARNING, "No checkpoint after the " + due.reason() + "; the next interval signs one",
                    notNow);
        }
    }

    /** Signs the current head unless it is signed already; returns the checkpoint of the head. */
    public Checkpoint sign() {
        AuditTrail.Head head = audit.lockedHead();
        AuditCheckpoint existing = em.find(AuditCheckpoint.class, head.seq());
        if (existing != null) {
            return existing.checkpoint();
        }
        SelfSignedCredentials signing = keys.manifestSigningKey();
        Checkpoint signed = Checkpoint.of(head.seq(), head.hash(), clock.instant().truncatedTo(ChronoUnit.MICROS))
                .sign(signing.privateKey(), signing.certificate());
        em.persist(new AuditCheckpoint(signed));
        return signed;
    }

    /** The checkpoints with sequence numbers from {@code fromSeq} to {@code toSeq}, in order. */
    public List<Checkpoint> between(long fromSeq, long toSeq) {
        return em.createQuery("SELECT c FROM AuditCheckpoint c WHERE c.seq >= :from AND c.seq <= :to ORDER BY c.seq",
                AuditCheckpoint.class).setParameter("from", fromSeq).setParameter("to", toSeq).getResultStream()
                .map(AuditCheckpoint::checkpoint).toList();
    }

    public List<Checkpoint> latest(int limit) {
        return em.createQuery("SELECT c FROM AuditCheckpoint c ORDER BY c.seq DESC", AuditCheckpoint.class)
                .setMaxResults(limit).getResultStream().map(AuditCheckpoint::checkpoint).toList();
    }
}
