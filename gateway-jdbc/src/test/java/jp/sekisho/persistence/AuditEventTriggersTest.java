package jp.sekisho.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The embedded database with the gateway's own H2 migrations: events go in only as the head's successor, and never
 * change or leave.
 */
class AuditEventTriggersTest {

    private static final Path H2_MIGRATIONS = Path.of("..", "gateway-ejb", "src", "main", "resources", "db",
            "vendor", "h2");
    private static final String GENESIS = "0".repeat(64);

    private Connection database;
    private Statement statement;

    @BeforeEach
    void migrate() throws Exception {
        database = DriverManager.getConnection("jdbc:h2:mem:");
        statement = database.createStatement();
        statement.execute("CREATE TABLE audit_event (seq BIGINT PRIMARY KEY, detail VARCHAR(4000), "
                + "prev_hash VARCHAR(64) NOT NULL, hash VARCHAR(64) NOT NULL)");
        statement.execute("CREATE TABLE audit_head (id INTEGER PRIMARY KEY, seq BIGINT NOT NULL, "
                + "hash VARCHAR(64) NOT NULL)");
        statement.execute("INSERT INTO audit_head VALUES (1, 0, '" + GENESIS + "')");
        runMigration("V10__audit_append_only.sql");
        runMigration("V15__audit_event_extends_head.sql");
    }

    @AfterEach
    void close() throws SQLException {
        database.close();
    }

    @Test
    void anAuditEventIsInsertedButNeverUpdatedNorDeleted() throws Exception {
        append(1, "uploaded", GENESIS, "a".repeat(64));

        SQLException update = assertThrows(SQLException.class,
                () -> statement.executeUpdate("UPDATE audit_event SET detail = 'nothing' WHERE seq = 1"));
        assertTrue(update.getMessage().contains("append-only: UPDATE refused"), update.getMessage());
        SQLException delete = assertThrows(SQLException.class,
                () -> statement.executeUpdate("DELETE FROM audit_event WHERE seq = 1"));
        assertTrue(delete.getMessage().contains("append-only: DELETE refused"), delete.getMessage());

        try (ResultSet row = statement.executeQuery("SELECT detail FROM audit_event WHERE seq = 1")) {
            assertTrue(row.next());
            assertEquals("uploaded", row.getString(1));
        }
    }

    @Test
    void anEventMovesTheHeadAndOnlyTheHeadsSuccessorGetsIn() throws Exception {
        append(1, "uploaded", GENESIS, "a".repeat(64));
        append(2, "approved", "a".repeat(64), "b".repeat(64));
        assertHead(2, "b".repeat(64));

        SQLException fork = assertThrows(SQLException.class, () -> append(3, "forked", "a".repeat(64), "c".repeat(64)));
        assertTrue(fork.getMessage().contains("audit event 3 does not extend the head of the chain"),
                fork.getMessage());
        SQLException gap = assertThrows(SQLException.class, () -> append(5, "later", "b".repeat(64), "d".repeat(64)));
        assertTrue(gap.getMessage().contains("audit event 5 does not extend"), gap.getMessage());
        assertHead(2, "b".repeat(64));
        try (ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM audit_event")) {
            count.next();
            assertEquals(2, count.getInt(1), "a refused event must not be stored");
        }
    }

    private void runMigration(String name) throws Exception {
        statement.execute(Files.readString(H2_MIGRATIONS.resolve(name)).replaceAll("(?m)^--.*$", "").trim()
                .replaceAll(";$", ""));
    }

    private void append(long seq, String detail, String prevHash, String hash) throws SQLException {
        try (PreparedStatement insert = database.prepareStatement("INSERT INTO audit_event VALUES (?, ?, ?, ?)")) {
            insert.setLong(1, seq);
            insert.setString(2, detail);
            insert.setString(3, prevHash);
            insert.setString(4, hash);
            insert.executeUpdate();
        }
    }

    private void assertHead(long seq, String hash) throws SQLException {
        try (ResultSet head = statement.executeQuery("SELECT seq, hash FROM audit_head WHERE id = 1")) {
            assertTrue(head.next());
            assertEquals(seq, head.getLong(1));
            assertEquals(hash, head.getString(2));
        }
    }
}
