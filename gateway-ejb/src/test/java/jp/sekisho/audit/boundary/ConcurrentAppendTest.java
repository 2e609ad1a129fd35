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
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import jp.sekisho.audit.entity.AuditEvent;
import jp.sekisho.audit.entity.AuditRecord;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.formats.ChainHasher;

/**
 * Writers that append at the same moment never fork the chain: on a real PostgreSQL and on H2, each migrated by the
 * gateway's migrations, several connections append with {@link AuditTrail}'s own statements (lock the head, insert
 * the successor, which the database's trigger checks and which moves the head), and the chain that results is dense,
 * linked and hashes as the gateway hashes it. Also: the trigger refuses an event that a writer built on a head it did
 * not lock, so a writer that skipped the lock fails instead of forking.
 */
class ConcurrentAppendTest {

    private static final int WRITERS = 4;
    private static final int APPENDS_EACH = 250;

    @Test
    void concurrentWritersOnPostgreSqlBuildOneUnbrokenChain() throws Exception {
        ScratchDatabase scratch = new ScratchDatabase(ScratchDatabase.LOCAL_SERVER, ScratchDatabase.LOCAL_SUPERUSER,
                "sekisho_concurrent_append");
        scratch.recreate(ScratchDatabase.LOCAL_SUPERUSER);
        try {
            appendConcurrentlyAndVerify(scratch.url(), ScratchDatabase.LOCAL_SUPERUSER, "postgresql");
        } finally {
            scratch.drop();
        }
    }

    @Test
    void concurrentWritersOnH2BuildOneUnbrokenChain() throws Exception {
        appendConcurrentlyAndVerify("jdbc:h2:mem:concurrent-append;DB_CLOSE_DELAY=-1", "sa", "h2");
    }

    private static void appendConcurrentlyAndVerify(String url, String user, String vendor) throws Exception {
        ScratchDatabase.migrate(url, user, vendor);
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> appended = new ArrayList<>();
            for (int writer = 0; writer < WRITERS; writer++) {
                CityTrail trail = new CityTrail(writer);
                appended.add(writers.submit(() -> {
                    try (Connection connection = DriverManager.getConnection(url, user, null);
                         AppendStatements append = new AppendStatements(connection)) {
                        connection.setAutoCommit(false);
                        start.await();
                        for (int i = 0; i < APPENDS_EACH; i++) {
                            append.insertAfter(append.lockHead(), trail.next());
                            connection.commit();
                        }
                    }
                    return APPENDS_EACH;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> writer : appended) {
                total += writer.get();
            }
            assertEquals(WRITERS * APPENDS_EACH, total);
        } finally {
            writers.shutdownNow();
        }

        try (Connection connection = DriverManager.getConnection(url, user, null);
             AppendStatements append = new AppendStatements(connection)) {
            assertChainOf(connection, WRITERS * APPENDS_EACH);
            connection.setAutoCommit(false);
            AuditTrail.Head head = append.lockHead();
            SQLException stale = assertThrows(SQLException.class,
                    () -> append.insertAfter(new AuditTrail.Head(head.seq() - 1, ChainHasher.GENESIS),
                            AuditRecord.success("intruder", AuditAction.GATEWAY_STARTED,
                                    "a writer that skipped the lock", null, null, null)));
            assertTrue(stale.getMessage().contains("does not extend the head of the chain"), stale.getMessage());
            connection.rollback();
        }
    }

    /** Seq 1 to {@code count}, each linked to the one before and hashed as the gateway hashes; the head is the last. */
    private static void assertChainOf(Connection connection, long count) throws SQLException {
        String prev = ChainHasher.GENESIS;
        long expected = 1;
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT seq, occurred_at, actor, action, outcome, subject, "
                     + "batch_public_id, client_address, detail, prev_hash, hash FROM audit_event ORDER BY seq")) {
            while (rows.next()) {
                long seq = rows.getLong(1);
                assertEquals(expected, seq, "the chain is dense");
                assertEquals(prev, rows.getString(10), "event " + seq + " links to the one before");
                AuditRecord record = new AuditRecord(rows.getString(3), AuditAction.valueOf(rows.getString(4)),
                        AuditEvent.Outcome.valueOf(rows.getString(5)), rows.getString(6), rows.getString(7),
                        rows.getString(8), rows.getString(9));
                Instant at = rows.getObject(2, OffsetDateTime.class).toInstant();
                String hash = ChainHasher.hash(prev, ChainHasher.canonicalEvent(record.content(seq, at)));
                assertEquals(hash, rows.getString(11), "event " + seq + " hashes as written");
                prev = hash;
                expected++;
            }
        }
        assertEquals(count + 1, expected, "every append is in the chain");
        connection.setAutoCommit(true);
        AuditTrail.Head head;
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT seq, hash FROM audit_head WHERE id = 1")) {
            row.next();
            head = new AuditTrail.Head(row.getLong(1), row.getString(2));
        }
        assertEquals(new AuditTrail.Head(count, prev), head, "the head is the last event");
    }
}
