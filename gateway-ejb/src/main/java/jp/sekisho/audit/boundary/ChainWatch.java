package jp.sekisho.audit.boundary;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import jp.sekisho.formats.ChainHasher;
import jp.sekisho.persistence.DatabaseWatch;

/**
 * Verifies the audit chain in the background: new events every few seconds, and the whole chain again every hour
 * (an edit of an old row shows only then). A broken chain turns the gateway's health check DOWN and is shown to
 * auditors and administrators. While broken, every run verifies the whole chain again, so the status clears only
 * when the stored events once more hash to the chain (the tampered row was restored from a backup, say).
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ChainWatch {

    private static final Logger LOG = Logger.getLogger(ChainWatch.class.getName());
    private static final Duration FULL_PASS_EVERY = Duration.ofHours(1);
    private static final int PAGE = 10_000;

    @EJB
    AuditTrail audit;

    @Inject
    Clock clock;

    /** Where the last verification got to; replaced as a whole so that readers never see half an update. */
    public record Status(long verifiedSeq, String verifiedHash, long firstBrokenSeq, Instant checkedAt,
            Instant lastFullPassAt) {
        public boolean intact() {
            return firstBrokenSeq < 0;
        }
    }

    private volatile Status status = new Status(0, ChainHasher.GENESIS, -1, null, null);

    public Status status() {
        return status;
    }

    @Schedule(second = "*/10", minute = "*", hour = "*", persistent = false)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void verify() {
        if (DatabaseWatch.current().reachable()) {
            run(false);
        }
    }

    /** Verifies the whole chain now (an auditor asked) and returns what it found. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Status verifyFully() {
        run(true);
        return status;
    }

    private synchronized void run(boolean fullPassAsked) {
        Status current = status;
        Instant now = clock.instant();
        try {
            boolean fullPass = fullPassAsked || !current.intact() || current.lastFullPassAt() == null
                    || current.lastFullPassAt().plus(FULL_PASS_EVERY).isBefore(now);
            AuditTrail.ChainCheck check = fullPass ? new AuditTrail.ChainCheck(0, ChainHasher.GENESIS, -1)
                    : new AuditTrail.ChainCheck(current.verifiedSeq(), current.verifiedHash(), -1);
            long before;
            do {
                before = check.verifiedSeq();
                check = audit.verifyFrom(check.verifiedSeq(), check.verifiedHash(), PAGE);
            } while (check.intact() && check.verifiedSeq() - before == PAGE);
            status = new Status(check.verifiedSeq(), check.verifiedHash(), check.firstBrokenSeq(), now,
                    fullPass ? now : current.lastFullPassAt());
            if (!check.intact() && current.intact()) {
                long broken = check.firstBrokenSeq();
                LOG.severe(() -> "The audit chain does not verify from event " + broken
                        + ": the health check is DOWN until the stored events verify again");
            } else if (check.intact() && !current.intact()) {
                LOG.warning(() -> "The audit chain verifies again up to event " + status.verifiedSeq());
            }
        } catch (RuntimeException e) {
            if (!DatabaseWatch.current().explains(e)) {
                LOG.log(Level.WARNING, "Audit chain verification could not run", e);
            }
        }
    }
}
