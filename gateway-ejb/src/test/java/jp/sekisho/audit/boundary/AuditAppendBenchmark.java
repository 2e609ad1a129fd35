package jp.sekisho.audit.boundary;

import jp.sekisho.testing.ScratchDatabase;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import jp.sekisho.audit.entity.AuditEvent;
import jp.sekisho.audit.entity.AuditRecord;
import jp.sekisho.formats.AuditAction;
import jp.sekisho.formats.ChainHasher;

/**
 * Issue 5, "appending stays fast with a long history": on a fresh PostgreSQL database migrated by the gateway's own
 * migrations (append-only trigger and every index included), loads a valid chain of N events, then times appends
 * made the way {@link AuditTrail#append} makes them (one transaction each, with its statements: lock the head,
 * insert the event, which the database's trigger lets in only as the head's successor and which moves the head, commit) and the database-side verification of the whole chain
 * the way {@link ChainWatch} pages through {@link AuditTrail#verifyFrom}. The same appends are timed first on a new
 * chain, for comparison. Prints figures, asserts no timing. Not a
 * test (surefire does not pick it up); {@code bench/audit-append.sh} builds and runs it:
 * {@code java -cp <gateway-ejb test classpath> jp.sekisho.audit.boundary.AuditAppendBenchmark [events] [appends]}.
 * Drops and recreates the database {@code sekisho_bench} and drops it at the end ({@code -Dsekisho.bench.keep=true}
 * keeps it for a look with psql); {@code -Dsekisho.bench.url} names another server.
 */
public final class AuditAppendBenchmark {

    private static final String USER = System.getProperty("sekisho.bench.user", ScratchDatabase.LOCAL_SUPERUSER);
    private static final ScratchDatabase DATABASE = new ScratchDatabase(
            System.getProperty("sekisho.bench.url", ScratchDatabase.LOCAL_SERVER), USER, "sekisho_bench");
    private static final int WARM_UP = 2_000;
    private static final int SHORT_CHAIN = 5_000;
    private static final int PAGE = 10_000;

    /** Moves the head after the bulk load, which skips the trigger that moves it on every append. */
    private static final String ADVANCE_HEAD = "UPDATE audit_head SET hash = ?, seq = ? WHERE id = ?";
    private static final String PAGE_OF_EVENTS = "SELECT SEQ, ACTION, ACTOR, BATCH_PUBLIC_ID, CLIENT_ADDRESS, "
            + "DETAIL, HASH, OCCURRED_AT, OUTCOME, PREV_HASH, SUBJECT FROM audit_event WHERE (SEQ > ?) "
            + "ORDER BY SEQ LIMIT ? OFFSET ?";

    private AuditAppendBenchmark() {
    }

    public static void main(String[] args) throws SQLException {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int appends = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        boolean keep = Boolean.getBoolean("sekisho.bench.keep");
        DATABASE.recreate(USER);
        boolean intact;
        String url = DATABASE.url();
        try {
            ScratchDatabase.migrate(url, USER, "postgresql");
            CityTrail trail = new CityTrail(20_260_621);
            Figures young;
            Figures measured;
            try (Connection connection = DriverManager.getConnection(url, USER, null)) {
                printMachine(connection);
                // The same appends on a chain that has just begun, to compare with the long one below.
                appendAll(connection, trail, WARM_UP);
                young = appendAll(connection, trail, SHORT_CHAIN);
                System.out.printf("appends, one transaction each, on a new chain (%,d to %,d events): %s%n", WARM_UP,
                        WARM_UP + SHORT_CHAIN, young);
                long start = System.nanoTime();
                long seeded = seed(connection, trail, events);
                double seeding = seconds(start);
                start = System.nanoTime();
                settle(connection);
                System.out.printf("seeded %,d events in %.1f s (%,.0f events/s, hashed in Java, one COPY), then "
                        + "VACUUM ANALYZE and CHECKPOINT in %.1f s; audit_event is %s%n", events, seeding,
                        events / seeding, seconds(start), size(connection));

                appendAll(connection, trail, WARM_UP);
                measured = appendAll(connection, trail, appends);
                System.out.printf("appends, one transaction each, on a chain of %,d: %s%n", seeded + WARM_UP,
                        measured);
                // What durability costs, for comparison only: the gateway keeps synchronous_commit on.
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET synchronous_commit = off");
                }
                Figures unsynced = appendAll(connection, trail, Math.max(appends / 4, 1_000));
                try (Statement statement = connection.createStatement()) {
                    statement.execute("RESET synchronous_commit");
                }
                System.out.printf("for comparison, synchronous_commit = off for this session (not what the "
                        + "gateway does): %s%n", unsynced);
            }

            try (Connection connection = DriverManager.getConnection(url, USER, null)) {
                long start = System.nanoTime();
                AuditTrail.ChainCheck check = verifyWholeChain(connection);
                double verifying = seconds(start);
                System.out.printf("verified the whole chain (%,d events, pages of %,d) in %.2f s: %,.0f events/s, "
                        + "%s%n", check.verifiedSeq(), PAGE, verifying, check.verifiedSeq() / verifying,
                        check.intact() ? "intact" : "BROKEN at event " + check.firstBrokenSeq());
                System.out.printf("summary: PostgreSQL %s, %d cores: %,.0f appends/s (p50 %.2f ms, p99 %.2f ms) "
                        + "on a chain of %,d events (%,.0f/s on a new chain); whole chain verified in %.1f s%n",
                        serverVersion(connection), Runtime.getRuntime().availableProcessors(), measured.perSecond,
                        measured.p50, measured.p99, events, young.perSecond, verifying);
                intact = check.intact();
            }
        } finally {
            if (!keep) {
                DATABASE.drop();
            }
        }
        if (!intact) {
            System.exit(1);
        }
    }

    /**
     * {@code count} more events after the head, about a second apart, hashed as the gateway hashes them and loaded
     * with one COPY; then the head points at the last. Answers the new head's seq. The load runs with triggers off
     * ({@code session_replication_role = replica}, which needs a superuser), because moving the head row a million
     * times in one transaction would measure the load, not the chain.
     */
    private static long seed(Connection connection, CityTrail trail, long count) throws SQLException {
        ChainHasher hasher = new ChainHasher();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        connection.setAutoCommit(false);
        long first;
        String prevHash;
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL session_replication_role = replica");
        }
        try (PreparedStatement lockHead = connection.prepareStatement(AuditTrail.LOCK_HEAD);
             ResultSet head = lockHead.executeQuery()) {
            head.next();
            first = head.getLong(1) + 1;
            prevHash = head.getString(2);
        }
        long last = first + count - 1;
        StringBuilder rows = new StringBuilder(1 << 21);
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY audit_event (seq, occurred_at, "
                + "actor, action, outcome, subject, batch_public_id, client_address, detail, prev_hash, hash) "
                + "FROM STDIN");
        for (long seq = first; seq <= last; seq++) {
            at = at.plusNanos(1_000 * (1 + (seq * 7_919) % 1_000_000));
            AuditRecord record = trail.next();
            String hash = hasher.hashOf(prevHash, record.content(seq, at));
            rows.append(seq).append('\t').append(at).append('\t');
            field(rows, record.actor());
            field(rows, record.action().name());
            field(rows, record.outcome().name());
            field(rows, record.subject());
            field(rows, record.batchPublicId());
            field(rows, record.clientAddress());
            field(rows, record.detail());
            rows.append(prevHash).append('\t').append(hash).append('\n');
            prevHash = hash;
            if (rows.length() > 1 << 20 || seq == last) {
                byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
                copy.writeToCopy(bytes, 0, bytes.length);
                rows.setLength(0);
            }
        }
        copy.endCopy();
        try (PreparedStatement head = connection.prepareStatement(ADVANCE_HEAD)) {
            head.setString(1, prevHash);
            head.setLong(2, last);
            head.setInt(3, 1);
            head.executeUpdate();
        }
        connection.commit();
        connection.setAutoCommit(true);
        return last;
    }

    /** A text-format COPY field: backslash, tab and line breaks escaped, {@code \N} for null. */
    private static void field(StringBuilder rows, String value) {
        if (value == null) {
            rows.append("\\N\t");
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> rows.append("\\\\");
                case '\t' -> rows.append("\\t");
                case '\n' -> rows.append("\\n");
                case '\r' -> rows.append("\\r");
                default -> rows.append(c);
            }
        }
        rows.append('\t');
    }

    /**
     * A gateway that wrote a million events over months has had its table vacuumed and its pages written out; without
     * this, autovacuum and the checkpointer would be busy with the bulk load during the measurement.
     */
    private static void settle(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("VACUUM (ANALYZE) audit_event");
            statement.execute("CHECKPOINT");
        }
    }

    /** {@code count} appends as {@link AuditTrail#append} makes them, each in its own transaction. */
    private static Figures appendAll(Connection connection, CityTrail trail, int count) throws SQLException {
        long[] nanos = new long[count];
        connection.setAutoCommit(false);
        long start = System.nanoTime();
        try (AppendStatements append = new AppendStatements(connection)) {
            for (int i = 0; i < count; i++) {
                AuditRecord record = trail.next();
                long begin = System.nanoTime();
                append.insertAfter(append.lockHead(), record);
                connection.commit();
                nanos[i] = System.nanoTime() - begin;
            }
        } finally {
            connection.setAutoCommit(true);
        }
        double elapsed = seconds(start);
        Arrays.sort(nanos);
        return new Figures(count, count / elapsed, nanos[count / 2] / 1e6, nanos[(int) (count * 0.99)] / 1e6,
                nanos[count - 1] / 1e6);
    }

    /** Appends per second and latency of one append (lock to commit), in milliseconds. */
    private record Figures(int count, double perSecond, double p50, double p99, double max) {
        @Override
        public String toString() {
            return String.format("%,d appends at %,.0f/s, p50 %.2f ms, p99 %.2f ms, max %.1f ms", count, perSecond,
                    p50, p99, max);
        }
    }

    /**
     * {@link ChainWatch}'s full pass: {@link AuditTrail#verifyFrom} page after page (each its own query, as each is
     * its own transaction there), every event rebuilt as the entity gives it back and hashed again.
     */
    private static AuditTrail.ChainCheck verifyWholeChain(Connection connection) throws SQLException {
        ChainHasher hasher = new ChainHasher();
        AuditTrail.ChainCheck check = new AuditTrail.ChainCheck(0, ChainHasher.GENESIS, -1);
        try (PreparedStatement page = connection.prepareStatement(PAGE_OF_EVENTS)) {
            long before;
            do {
                before = check.verifiedSeq();
                long expectedSeq = before + 1;
                String expectedPrev = check.verifiedHash();
                long broken = -1;
                page.setLong(1, before);
                page.setInt(2, PAGE);
                page.setInt(3, 0);
                try (ResultSet rows = page.executeQuery()) {
                    while (rows.next()) {
                        long seq = rows.getLong(1);
                        AuditRecord record = new AuditRecord(rows.getString(3), AuditAction.valueOf(rows.getString(2)),
                                AuditEvent.Outcome.valueOf(rows.getString(9)), rows.getString(11), rows.getString(4),
                                rows.getString(5), rows.getString(6));
                        Instant at = rows.getObject(8, OffsetDateTime.class).toInstant();
                        String recomputed = hasher.hashOf(expectedPrev, record.content(seq, at));
                        if (seq != expectedSeq || !rows.getString(10).equals(expectedPrev)
                                || !rows.getString(7).equals(recomputed)) {
                            broken = expectedSeq;
                            break;
                        }
                        expectedPrev = rows.getString(7);
                        expectedSeq++;
                    }
                }
                check = new AuditTrail.ChainCheck(expectedSeq - 1, expectedPrev, broken);
            } while (check.intact() && check.verifiedSeq() - before == PAGE);
        }
        return check;
    }

    private static void printMachine(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet settings = statement.executeQuery("SELECT current_setting('synchronous_commit'), "
                     + "current_setting('fsync'), current_setting('wal_sync_method'), "
                     + "current_setting('shared_buffers')")) {
            settings.next();
            System.out.printf("machine: %d cores, Java %s, PostgreSQL %s (synchronous_commit %s, fsync %s, "
                    + "wal_sync_method %s, shared_buffers %s), load average %.2f%n",
                    Runtime.getRuntime().availableProcessors(), Runtime.version(), serverVersion(connection),
                    settings.getString(1), settings.getString(2), settings.getString(3), settings.getString(4),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static String serverVersion(Connection connection) throws SQLException {
        return connection.getMetaData().getDatabaseProductVersion();
    }

    private static String size(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet size = statement.executeQuery("SELECT pg_size_pretty(pg_table_size('audit_event')), "
                     + "pg_size_pretty(pg_indexes_size('audit_event'))")) {
            size.next();
            return size.getString(1) + " with " + size.getString(2) + " of indexes";
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
