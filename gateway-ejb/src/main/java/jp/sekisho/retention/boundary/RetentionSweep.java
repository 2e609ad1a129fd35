package jp.sekisho.retention.boundary;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import jp.sekisho.persistence.DatabaseWatch;
import jp.sekisho.transfer.boundary.UnrecordedReads;
import jp.sekisho.transfer.boundary.UploadLeases;
import jp.sekisho.transfer.control.TransfersInFlight;

/**
 * Runs the retention sweep every few seconds on every instance (non-persistent timers: persistent ones live only in
 * cluster memory), renewing the leases of this instance's uploads first, and once at start so that whatever a crash
 * interrupted is finished first: storage is reconciled with the database, reads whose end was never recorded are
 * recorded from their journals, then purges are finished.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RetentionSweep {

    private static final Logger LOG = Logger.getLogger(RetentionSweep.class.getName());
    /** How often the whole storage is walked when no upload's end is waiting to be reconciled. */
    private static final Duration WHOLE_STORAGE_EVERY = Duration.ofMinutes(1);

    @EJB
    Retention retention;

    @EJB
    StorageReconciliation reconciliation;

    @EJB
    UnrecordedReads reads;

    @EJB
    UploadLeases leases;

    @Inject
    TransfersInFlight inFlight;

    @Inject
    Clock clock;

    private Instant storageWalkedAt = Instant.MIN;

    @PostConstruct
    void finishWhatACrashInterrupted() {
        int reconciled = reconciliation.atStart();
        int recorded = reads.atStart();
        int purged = retention.sweep();
        storageWalkedAt = clock.instant();
        if (reconciled + recorded + purged > 0) {
            LOG.info(() -> "At start: " + reconciled + " object(s) in storage that no committed file accounted for "
                    + "deleted, " + recorded + " read(s) cut off by the stop recorded from their journals, " + purged
                    + " batch(es) purged");
        }
    }

    @Schedule(second = "*/5", minute = "*", hour = "*", persistent = false)
    void sweep() {
        DatabaseWatch.current().turnOf(this::sweepOnce, LOG, "Retention sweep failed; it runs again in a few seconds");
    }

    private void sweepOnce() {
        // First: another member's start or sweep must find this member's uploads still leased.
        leases.renew();
        retention.sweep();
        reads.inSweep();
        Instant now = clock.instant();
        if (!inFlight.uploads().endsNotRecorded().isEmpty()
                || !now.isBefore(storageWalkedAt.plus(WHOLE_STORAGE_EVERY))
                || !reconciliation.uploadsOfMembersGone().isEmpty()) {
            reconciliation.inSweep();
            storageWalkedAt = now;
        }
    }
}
