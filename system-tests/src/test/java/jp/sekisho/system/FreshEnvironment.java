package jp.sekisho.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Runs once per test JVM, before the first test starts the gateway: every run starts from an empty database and an
 * empty data directory, as a first start on a new machine would. When the run ends, the gateway is stopped.
 */
public class FreshEnvironment implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        String dataDir = System.getProperty("sekisho.test.dataDir");
        if (dataDir == null) {
            return;
        }
        awaitEarlierGatewaysGone();
        deleteRecursively(Path.of(dataDir));
        if ("postgresql".equals(System.getProperty("sekisho.test.db"))) {
            recreateDatabase(databaseNamed(System.getProperty("sekisho.test.db.url")));
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        System.out.println("In-server tests: " + Gateway.totpWaits());
        RunningGateway.stop();
    }

    /**
     * A gateway left running by an interrupted earlier run would hold the ports and the database. Waits up to a
     * minute for such processes to end.
     */
    private static void awaitEarlierGatewaysGone() {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && ProcessHandle.allProcesses().anyMatch(process -> process.info()
                .commandLine().map(line -> line.contains("payara-micro.jar")).orElse(false))) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * The database the gateway under test is given: the last part of its URL, so that a checkout testing on a
     * database of its own ({@code -Dsekisho.test.pg.url}) never drops another checkout's.
     */
    static String databaseNamed(String url) {
        String path = url.replaceFirst("[?;].*$", "");
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a test database this run may recreate: " + url);
        }
        return name;
    }

    private static void recreateDatabase(String name) {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres",
                "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("The test database could not be recreated; is PostgreSQL running on "
                    + "127.0.0.1:5432 with trust authentication (see .ci/run)?", e);
        }
    }

    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
