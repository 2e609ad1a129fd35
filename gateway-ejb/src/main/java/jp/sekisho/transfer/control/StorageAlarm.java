package jp.sekisho.transfer.control;

import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Tells the operator that storage is full or running low: one log line each time it happens, but never more than one
 * a minute of each kind, with a count of what it did not repeat, so that a full disk under load does not flood the
 * log it needs to be read in.
 */
@ApplicationScoped
public class StorageAlarm {

    private static final Logger LOG = Logger.getLogger(StorageAlarm.class.getName());
    private static final Duration QUIET = Duration.ofMinutes(1);

    private final Quieted full = new Quieted();
    private final Quieted low = new Quieted();

    /** A write failed for want of space. */
    public void full(String what, Instant now) {
        full.report(now, unsaid -> LOG.warning(() -> "Storage full: " + what + " failed, no space left on the "
                + "storage's file system; free space there" + unsaid));
    }

    /** Free space is below the configured minimum. */
    public void low(long freeBytes, long minFreeBytes, Instant now) {
        low.report(now, unsaid -> LOG.warning(() -> "Storage low: " + freeBytes + " bytes free, below "
                + "sekisho.storage.min-free-bytes (" + minFreeBytes + "); readiness reports DOWN" + unsaid));
    }

    /** One kind of report, at most once a minute. */
    private static final class Quieted {

        private Instant lastReported = Instant.MIN;
        private int unreported;

        synchronized void report(Instant now, java.util.function.Consumer<String> log) {
            if (now.isBefore(lastReported.plus(QUIET))) {
                unreported++;
                return;
            }
            log.accept(unreported == 0 ? "" : " (" + unreported + " more since the last report)");
            lastReported = now;
            unreported = 0;
        }
    }
}
