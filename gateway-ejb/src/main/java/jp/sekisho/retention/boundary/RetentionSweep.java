package jp.sekisho.retention.boundary;

import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import jp.sekisho.transfer.boundary.TransferOutcomes;

/**
 * Runs the retention sweep every few seconds on every instance (non-persistent timers: persistent ones live only in
 * cluster memory), and once at start so that whatever a crash interrupted is finished first.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RetentionSweep {

    private static final Logger LOG = Logger.getLogger(RetentionSweep.class.getName());

    @EJB
    Retention retention;

    @EJB
    TransferOutcomes transfers;

    @PostConstruct
    void finishWhatACrashInterrupted() {
        int discarded = transfers.discardInterruptedUploads();
        int purged = retention.sweep();
        if (discarded + purged > 0) {
            LOG.info(() -> "At start: " + discarded + " interrupted upload(s) discarded, " + purged
                    + " batch(es) purged");
        }
    }

    @Schedule(second = "*/5", minute = "*", hour = "*", persistent = false)
    void sweep() {
        try {
            retention.sweep();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Retention sweep failed; it runs again in a few seconds", e);
        }
    }
}
