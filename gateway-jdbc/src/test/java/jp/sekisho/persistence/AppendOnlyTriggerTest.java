package jp.sekisho.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

/** The embedded database with the gateway's own H2 migration: events go in, and never change or leave. */
class AppendOnlyTriggerTest {

    private static final Path H2_MIGRATION = Path.of("..", "gateway-ejb", "src", "main", "resources", "db", "vendor",
            "h2", "V10__audit_append_only.sql");

    @Test
    void anAuditEventIsInsertedButNeverUpdatedNorDeleted() throws Exception {
        try (Connection database = DriverManager.getConnection("jdbc:h2:mem:append-only;DB_CLOSE_DELAY=-1");
                Statement statement = database.createStatement()) {
            statement.execute("CREATE TABLE audit_event (seq BIGINT PRIMARY KEY, detail VARCHAR(4000))");
            statement.execute(Files.readString(H2_MIGRATION).replaceAll("(?m)^--.*$", "").trim().replaceAll(";$", ""));
            statement.executeUpdate("INSERT INTO audit_event VALUES (1, 'uploaded')");

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
    }
}
