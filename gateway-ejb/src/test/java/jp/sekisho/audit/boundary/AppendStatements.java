package jp.sekisho.audit.boundary;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import jp.sekisho.audit.entity.AuditRecord;
import jp.sekisho.formats.ChainHasher;

/**
 * {@link AuditTrail#append}'s two statements over plain JDBC, for tests and benchmarks that drive a database without
 * the server: lock the head, then insert its successor hashed as the gateway hashes it. The caller commits.
 */
final class AppendStatements implements AutoCloseable {

    private final PreparedStatement lockHead;
    private final PreparedStatement insert;

    AppendStatements(Connection connection) throws SQLException {
        lockHead = connection.prepareStatement(AuditTrail.LOCK_HEAD);
        insert = connection.prepareStatement(AuditTrail.INSERT_EVENT);
    }

    AuditTrail.Head lockHead() throws SQLException {
        try (ResultSet head = lockHead.executeQuery()) {
            head.next();
            return new AuditTrail.Head(head.getLong(1), head.getString(2));
        }
    }

    /** Inserts {@code record} as the successor of {@code head}, which the caller should have locked. */
    void insertAfter(AuditTrail.Head head, AuditRecord record) throws SQLException {
        long seq = head.seq() + 1;
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        insert.setLong(1, seq);
        insert.setObject(2, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        insert.setString(3, record.actor());
        insert.setString(4, record.action().name());
        insert.setString(5, record.outcome().name());
        insert.setString(6, record.subject());
        insert.setString(7, record.batchPublicId());
        insert.setString(8, record.clientAddress());
        insert.setString(9, record.detail());
        insert.setString(10, head.hash());
        insert.setString(11, ChainHasher.hash(head.hash(), ChainHasher.canonicalEvent(record.content(seq, now))));
        insert.executeUpdate();
    }

    @Override
    public void close() throws SQLException {
        try (lockHead; insert) {
            // both closed, the second even if the first fails
        }
    }
}
