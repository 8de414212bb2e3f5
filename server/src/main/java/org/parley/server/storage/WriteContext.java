package org.parley.server.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The writer's connection for one transaction, with prepared statements reused across its writes and
 * the numbers it hands out (taken back if the transaction does not commit; see {@link Numbering}).
 */
final class WriteContext implements AutoCloseable {
    private final Connection connection;
    private final long now;
    private final Numbering numbering;
    /** Null for a single server; a cluster node's id, whose numbers come from the database. */
    private final String clusterNode;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    WriteContext(Connection connection, long now, Numbering numbering) {
        this(connection, now, numbering, null);
    }

    WriteContext(Connection connection, long now, Numbering numbering, String clusterNode) {
        this.connection = connection;
        this.now = now;
        this.numbering = numbering;
        this.clusterNode = clusterNode;
    }

    PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    /** For reads that must see every write queued before them (see {@link Writes#pendingMessages}). */
    Connection connection() {
        return connection;
    }

    /** The writer's clock when the transaction started. */
    long now() {
        return now;
    }

    long nextMessageId() throws SQLException {
        return clusterNode == null ? numbering.nextMessageId()
                : ClusterNumbering.next(this, ClusterNumbering.DIRECT_MESSAGES);
    }

    long nextBroadcastNumber() throws SQLException {
        return clusterNode == null ? numbering.nextBroadcastNumber()
                : ClusterNumbering.next(this, ClusterNumbering.BROADCASTS);
    }

    long nextRoomId() throws SQLException {
        return clusterNode == null ? numbering.nextRoomId() : ClusterNumbering.next(this, ClusterNumbering.ROOMS);
    }

    long nextRoomMessageNumber(long roomId) throws SQLException {
        return clusterNode == null ? numbering.nextRoomMessageNumber(roomId)
                : ClusterNumbering.next(this, ClusterNumbering.room(roomId));
    }

    /**
     * Part of every transaction: records that the server was alive at {@link #now()}, and this
     * transaction's number, by which the writer can tell afterwards whether a commit that reported an
     * error took effect.
     */
    void markCommitted(long transaction) throws SQLException {
        // A cluster node marks its own row: the nodes' writers never wait for each other here.
        PreparedStatement update = statement(clusterNode == null
                ? "UPDATE store_state SET last_transaction = ?, "
                        + "alive_at = CASE WHEN alive_at < ? THEN ? ELSE alive_at END WHERE id = 1"
                : "UPDATE node_state SET last_transaction = ?, "
                        + "alive_at = CASE WHEN alive_at < ? THEN ? ELSE alive_at END WHERE node_id = ?");
        update.setLong(1, transaction);
        update.setLong(2, now);
        update.setLong(3, now);
        if (clusterNode != null) {
            update.setString(4, clusterNode);
        }
        if (update.executeUpdate() != 1) {
            throw new SQLException(clusterNode == null ? "the store_state row is missing"
                    : "the node_state row of " + clusterNode + " is missing");
        }
    }

    /** Closes the prepared statements; the connection stays open (the writer decides its fate). */
    @Override
    public void close() throws SQLException {
        SQLException failure = null;
        for (PreparedStatement statement : statements.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        statements.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
