package jp.sekisho.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Level;
import java.util.logging.Logger;

import jp.sekisho.persistence.SchemaMigration;

/**
 * A PostgreSQL database of a test's or benchmark's own, created and dropped by a superuser of the server, and
 * migrated by the gateway's own migrations.
 */
public final class ScratchDatabase {

    /** The local server every dev and CI machine here has, with trust authentication. */
    public static final String LOCAL_SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    public static final String LOCAL_SUPERUSER = "postgres";
    /** Held, so that its level stays: Flyway's line per migration would bury what a test or benchmark prints. */
    private static final Logger FLYWAY_LOG = Logger.getLogger("org.flywaydb");

    private final String server;
    private final String superuser;
    private final String name;

    public ScratchDatabase(String server, String superuser, String name) {
        this.server = server;
        this.superuser = superuser;
        this.name = name;
    }

    public String url() {
        return server + name;
    }

    /** Drops what an earlier run may have left, and creates the database anew, owned by {@code owner}. */
    public void recreate(String owner) throws SQLException {
        drop();
        asSuperuser("CREATE DATABASE " + name + " OWNER " + owner);
    }

    public void drop() throws SQLException {
        asSuperuser("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /**
     * A database outage as the gateway sees one: no new connection is accepted (even a superuser's) and every open one
     * is cut, while the server itself stays up for the test.
     */
    public void refuseConnections() throws SQLException {
        asSuperuser("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false",
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
    }

    /** The end of {@link #refuseConnections()}'s outage. */
    public void acceptConnections() throws SQLException {
        asSuperuser("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
    }

    /** Statements for the whole server (roles, databases), run one after the other. */
    public void asSuperuser(String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server + "postgres", superuser, null);
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** Brings the database at {@code url} to the gateway's current schema, as the gateway does at its start. */
    public static void migrate(String url, String user, String vendor) {
        FLYWAY_LOG.setLevel(Level.WARNING);
        SchemaMigration.configuration(vendor).dataSource(url, user, null).load().migrate();
    }
}
