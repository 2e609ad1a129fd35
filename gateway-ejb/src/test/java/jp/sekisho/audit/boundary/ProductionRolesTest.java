package jp.sekisho.audit.boundary;

import jp.sekisho.testing.ScratchDatabase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jp.sekisho.audit.entity.AuditRecord;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.formats.ChainHasher;
import jp.sekisho.persistence.SchemaMigration;

/**
 * The production roles, as the gateway grants them ({@code db/roles/application-role.sql}), on the real PostgreSQL:
 * a role owns the schema and runs the migrations; the gateway's role appends to the audit chain but can neither change
 * an event nor move the chain's head. Uses roles and a database of its own, dropped at the end.
 */
class ProductionRolesTest {

    private static final ScratchDatabase DATABASE = new ScratchDatabase(ScratchDatabase.LOCAL_SERVER,
            ScratchDatabase.LOCAL_SUPERUSER, "sekisho_roles_test");
    private static final String OWNER = "sekisho_test_owner";
    private static final String APP = "sekisho_test_app";

    @BeforeEach
    void ownerMigratesAndGrants() throws Exception {
        dropAll();
        DATABASE.asSuperuser("CREATE ROLE " + OWNER + " LOGIN", "CREATE ROLE " + APP + " LOGIN");
        DATABASE.recreate(OWNER);
        ScratchDatabase.migrate(DATABASE.url(), OWNER, "postgresql");
        try (Connection owner = DriverManager.getConnection(DATABASE.url(), OWNER, null);
             Statement statement = owner.createStatement()) {
            statement.execute(SchemaMigration.applicationRoleGrants(APP));
        }
    }

    @AfterEach
    void dropAll() throws SQLException {
        DATABASE.drop();
        DATABASE.asSuperuser("DROP ROLE IF EXISTS " + APP, "DROP ROLE IF EXISTS " + OWNER);
    }

    @Test
    void theGatewaysRoleAppendsButChangesNeitherAnEventNorTheHead() throws Exception {
        try (Connection app = DriverManager.getConnection(DATABASE.url(), APP, null);
             AppendStatements append = new AppendStatements(app);
             Statement statement = app.createStatement()) {
            app.setAutoCommit(false);
            append.insertAfter(append.lockHead(), AuditRecord.success("benefits", AuditAction.SSH_LOGIN,
                    "SHA256:key", null, "203.0.113.7 port 50022", null));
            app.commit();
            AuditTrail.Head head = append.lockHead();
            assertEquals(1, head.seq(), "the head moved with the event");
            app.commit();
            app.setAutoCommit(true);

            for (String change : new String[] {"UPDATE audit_event SET detail = 'nothing' WHERE seq = 1",
                    "DELETE FROM audit_event WHERE seq = 1", "TRUNCATE audit_event",
                    "UPDATE audit_head SET seq = 0, hash = '" + ChainHasher.GENESIS + "' WHERE id = 1",
                    "ALTER TABLE audit_event DISABLE TRIGGER USER",
                    "DELETE FROM audit_checkpoint"}) {
                SQLException refused = assertThrows(SQLException.class, () -> statement.execute(change), change);
                assertTrue(refused.getMessage().contains("permission denied")
                        || refused.getMessage().contains("must be owner"), change + ": " + refused.getMessage());
            }
            try (ResultSet row = statement.executeQuery("SELECT seq, hash FROM audit_head WHERE id = 1")) {
                row.next();
                assertEquals(head, new AuditTrail.Head(row.getLong(1), row.getString(2)), "the head is unchanged");
            }
        }
    }
}
