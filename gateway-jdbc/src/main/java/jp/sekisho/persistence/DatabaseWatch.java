package jp.sekisho.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import jp.sekisho.config.GatewaySettings;

/**
 * Whether the gateway's database answers, known in one place so that every door fails fast while it does not: an SSH
 * login is disconnected as "service unavailable", an API call answers 503, a console page says so, a sweep waits for
 * its next turn. Without it each request found the outage by itself, waited for the driver's timeouts and logged a
 * stack trace. An outage begins when a connection cannot be made or when an unexpected failure coincides with a
 * probe that fails; it is logged once, probed every second, and its end is logged once with its length.
 */
public final class DatabaseWatch {

    /** What a refused client is told, in every protocol. */
    public static final String SENTENCE = "Service unavailable: the gateway cannot reach its database; try again later";
    /** How long a client is asked to wait before trying again (HTTP's Retry-After). */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private static final Logger LOG = Logger.getLogger(DatabaseWatch.class.getName());
    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
    private static final int VALIDATION_SECONDS = 3;

    private static volatile DatabaseWatch current;

    private final GatewaySettings settings;
    private final Object lock = new Object();
    private final AtomicLong refusedMeanwhile = new AtomicLong();
    private volatile long downSinceNanos;
    private volatile boolean down;
    private volatile long lastProbeNanos = System.nanoTime() - PROBE_INTERVAL.toNanos();
    private volatile boolean lastProbeAnswered = true;

    private DatabaseWatch(GatewaySettings settings) {
        this.settings = settings;
    }

    /** The watch of the gateway this process runs, on its configured database. */
    public static DatabaseWatch current() {
        DatabaseWatch watch = current;
        if (watch == null) {
            synchronized (DatabaseWatch.class) {
                if (current == null) {
                    current = new DatabaseWatch(GatewaySettings.current());
                }
                watch = current;
            }
        }
        return watch;
    }

    /** Watches the database of {@code settings} from now on (a gateway started inside a test JVM). */
    public static DatabaseWatch watching(GatewaySettings settings) {
        synchronized (DatabaseWatch.class) {
            current = new DatabaseWatch(settings);
            return current;
        }
    }

    /** False while an outage is known: doors refuse at once instead of trying. */
    public boolean reachable() {
        return !down;
    }

    /**
     * Whether {@code failure} is explained by the database not answering. A failure while an outage is known is;
     * otherwise the database is probed (at most once a second), and an outage begins if it does not answer.
     */
    public boolean explains(Throwable failure) {
        if (down) {
            return true;
        }
        if (answers()) {
            return false;
        }
        begin(failure);
        return true;
    }

    /**
     * One turn of a periodic task (a sweep): none while an outage is known, and a failure the outage explains passes
     * quietly, for the watch has said why once. Any other failure is logged as {@code failed}; the next turn comes
     * anyway.
     */
    public void turnOf(Runnable task, Logger log, String failed) {
        if (down) {
            return;
        }
        try {
            task.run();
        } catch (RuntimeException e) {
            if (!explains(e)) {
                log.log(Level.WARNING, failed, e);
            }
        }
    }

    /** Counts a request refused because of the outage, for the line that reports its end. */
    public void refused() {
        refusedMeanwhile.incrementAndGet();
    }

    void connectFailed(SQLException failure) {
        if (!down) {
            begin(failure);
        }
    }

    void connected() {
        if (down) {
            end();
        }
    }

    /** A probe of its own, outside the pool, so that a pool full of broken connections cannot hide the answer. */
    private boolean answers() {
        long now = System.nanoTime();
        if (now - lastProbeNanos < PROBE_INTERVAL.toNanos()) {
            return lastProbeAnswered;
        }
        synchronized (lock) {
            if (System.nanoTime() - lastProbeNanos >= PROBE_INTERVAL.toNanos()) {
                lastProbeAnswered = probe();
                lastProbeNanos = System.nanoTime();
            }
            return lastProbeAnswered;
        }
    }

    private boolean probe() {
        try (Connection connection = GatewayDataSource.Target.of(settings).connect()) {
            return connection.isValid(VALIDATION_SECONDS);
        } catch (SQLException e) {
            LOG.log(Level.FINE, "Database probe failed", e);
            return false;
        }
    }

    private void begin(Throwable cause) {
        synchronized (lock) {
            if (down) {
                return;
            }
            down = true;
            downSinceNanos = System.nanoTime();
            refusedMeanwhile.set(0);
        }
        LOG.severe(() -> "The database does not answer (" + firstLine(cause) + "). SFTP logins, API calls and console "
                + "pages are refused as 'service unavailable' until it does; probing it every "
                + PROBE_INTERVAL.toSeconds() + " s");
        Thread prober = new Thread(this::probeUntilItAnswers, "sekisho-database-watch");
        prober.setDaemon(true);
        prober.start();
    }

    private void probeUntilItAnswers() {
        while (down) {
            try {
                Thread.sleep(PROBE_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (probe()) {
                end();
            }
        }
    }

    private void end() {
        long lasted;
        synchronized (lock) {
            if (!down) {
                return;
            }
            down = false;
            lastProbeAnswered = true;
            lastProbeNanos = System.nanoTime();
            lasted = System.nanoTime() - downSinceNanos;
        }
        LOG.info(() -> String.format("The database answers again after %.1f s; %d requests were refused meanwhile",
                lasted / 1e9, refusedMeanwhile.get()));
    }

    private static String firstLine(Throwable failure) {
        Throwable deepest = failure;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        String message = String.valueOf(deepest.getMessage());
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
