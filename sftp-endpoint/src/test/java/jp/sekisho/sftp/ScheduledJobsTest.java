package jp.sekisho.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import jakarta.ejb.Schedule;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.sekisho.config.GatewaySettings;
import jp.sekisho.config.PublicAddress;
import jp.sekisho.testing.InJvmContainer;
import jp.sekisho.testing.ScratchDatabase;
import jp.sekisho.testing.TestClock;

/**
 * Every scheduled job of the core (each {@code @Schedule} method, found in the compiled classes so that a job added
 * later is run too) completes on both databases the gateway supports without a warning. A job that fails only logs
 * and tries again at its next turn, so a query that one database rejects would otherwise go unseen for as long as the
 * gateway runs: the defender's locked, limited query did on H2, the embedded default, every minute.
 */
class ScheduledJobsTest {

    private static final Path CORE_CLASSES = Path.of("..", "gateway-ejb", "target", "classes");

    @TempDir
    Path work;

    @Test
    void everyScheduledJobRunsWithoutAWarningOnPostgreSql() throws Exception {
        assertEquals(List.of(), warningsOfEveryJob(InJvmGateway.shared().container));
    }

    @Test
    void everyScheduledJobRunsWithoutAWarningOnH2() throws Exception {
        Path data = work.resolve("data");
        String url = "jdbc:h2:file:" + data.resolve("db").resolve("sekisho") + ";DB_CLOSE_ON_EXIT=FALSE";
        ScratchDatabase.migrate(url, "sa", "h2");
        GatewaySettings settings = new GatewaySettings(data, Optional.of(url), Optional.of("sa"), Optional.empty(),
                "127.0.0.1", 0, false, Duration.ofMinutes(30), 8443, PublicAddress.loopback(8443), Optional.empty(),
                Duration.ofHours(1), InJvmGateway.DEFENCE, "h2-member", data.resolve("storage"));
        try (InJvmContainer h2 = new InJvmContainer(url, "sa", new TestClock(Instant.now()), settings)) {
            assertEquals(List.of(), warningsOfEveryJob(h2));
        } finally {
            InJvmGateway.watchSharedDatabase();
        }
    }

    /** Runs each job once, as its timer would, and returns what the gateway's loggers warned of meanwhile. */
    private static List<String> warningsOfEveryJob(InJvmContainer container) throws Exception {
        List<Method> jobs = scheduledJobs();
        assertTrue(jobs.size() >= 3, "the jobs were found: " + jobs);
        List<String> warnings = new ArrayList<>();
        Logger gateway = Logger.getLogger("jp.sekisho");
        Handler collector = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record.getLoggerName() + ": " + record.getMessage()
                            + (record.getThrown() == null ? "" : " (" + record.getThrown() + ")"));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        gateway.addHandler(collector);
        try {
            for (Method job : jobs) {
                container.start(job.getDeclaringClass(), job.getName());
            }
        } finally {
            gateway.removeHandler(collector);
        }
        return warnings;
    }

    private static List<Method> scheduledJobs() throws Exception {
        List<Method> jobs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CORE_CLASSES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".class")).toList()) {
                String name = CORE_CLASSES.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                for (Method method : Class.forName(name, false, ScheduledJobsTest.class.getClassLoader())
                        .getDeclaredMethods()) {
                    if (method.isAnnotationPresent(Schedule.class)) {
                        jobs.add(method);
                    }
                }
            }
        }
        return jobs;
    }
}
