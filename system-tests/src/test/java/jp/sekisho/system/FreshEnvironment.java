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
        awaitEarlierGatewaysGone(Path.of(dataDir).toAbsolutePath().toString());
        deleteRecursively(Path.of(dataDir));
        if ("postgresql".equals(System.getProperty("sekisho.test.db"))) {
            recreateDatabase(databaseName(System.getProperty("sekisho.test.db.url")),
                    System.getProperty("sekisho.test.db.ownerRole"), System.getProperty("sekisho.test.db.appRole"));
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        System.out.println("In-server tests: " + Gateway.totpWaits());
        RunningGateway.stop();
    }

    /**
     * A gateway left running by an interrupted earlier run would hold the ports and the database. Waits up to a
     * minute for such processes to end: those started on this data directory, not gateways of other checkouts.
     */
    private static void awaitEarlierGatewaysGone(String dataDir) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && ProcessHandle.allProcesses().anyMatch(process -> process.info()
                .commandLine().map(line -> line.contains("sekisho-microbundle.jar") && line.contains(dataDir))
                .orElse(false))) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * The database the gateway under test uses ({@code jdbc:postgresql://host:port/<name>}): the one to recreate,
     * and no other, since another checkout's tests may be using theirs at this moment.
     */
    static String databaseName(String url) {
        java.util.regex.Matcher name = java.util.regex.Pattern.compile("^jdbc:postgresql://[^/]+/([A-Za-z0-9_]+)$")
                .matcher(url == null ? "" : url);
        if (!name.matches()) {
            throw new IllegalStateException("sekisho.test.db.url is not jdbc:postgresql://host:port/<name>: " + url);
        }
        return name.group(1);
    }

    /**
     * The database anew, owned by the schema's owner role; the gateway's own role is a plain login role. Roles belong to
     * the whole server and another checkout's run may use them now: they are created when missing, never dropped.
     */
    static void recreateDatabase(String name, String ownerRole, String appRole) {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres",
                "postgres", "");
                Statement statement = connection.createStatement()) {
            for (String role : new String[] {ownerRole, appRole}) {
                statement.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role
                        + "') THEN CREATE ROLE " + role + " LOGIN; END IF; END $$");
            }
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + name + " OWNER " + ownerRole);
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
