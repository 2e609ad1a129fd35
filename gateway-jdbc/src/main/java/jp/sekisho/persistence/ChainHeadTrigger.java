package jp.sekisho.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.h2.api.Trigger;

/**
 * On the embedded H2 database, lets an audit event in only as the successor of the chain's head and advances the
 * head with it, as the PostgreSQL trigger does: nobody forks the chain or fills a gap in it.
 */
public class ChainHeadTrigger implements Trigger {

    private int seqColumn = -1;
    private int prevHashColumn = -1;
    private int hashColumn = -1;

    @Override
    public void init(Connection connection, String schemaName, String triggerName, String tableName, boolean before,
            int type) throws SQLException {
        try (ResultSet columns = connection.getMetaData().getColumns(null, schemaName, tableName, null)) {
            while (columns.next()) {
                int index = columns.getInt("ORDINAL_POSITION") - 1;
                switch (columns.getString("COLUMN_NAME").toLowerCase(java.util.Locale.ROOT)) {
                    case "seq" -> seqColumn = index;
                    case "prev_hash" -> prevHashColumn = index;
                    case "hash" -> hashColumn = index;
                    default -> {
                        // the other columns are the event's content, which the chain's hash covers
                    }
                }
            }
        }
        if (seqColumn < 0 || prevHashColumn < 0 || hashColumn < 0) {
            throw new SQLException(tableName + " has no seq, prev_hash and hash columns to chain");
        }
    }

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        long seq = ((Number) newRow[seqColumn]).longValue();
        try (PreparedStatement advance = connection.prepareStatement(
                "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1 AND seq = ? AND hash = ?")) {
            advance.setLong(1, seq);
            advance.setObject(2, newRow[hashColumn]);
            advance.setLong(3, seq - 1);
            advance.setObject(4, newRow[prevHashColumn]);
            if (advance.executeUpdate() != 1) {
                throw new SQLException("audit event " + seq + " does not extend the head of the chain: refused",
                        "23000");
            }
        }
    }
}
