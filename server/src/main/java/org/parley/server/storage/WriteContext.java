package org.parley.server.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** The writer's connection for one batch, with prepared statements reused across the batch's writes. */
final class WriteContext implements AutoCloseable {
    private final Connection connection;
    private final long now;
    private final MessageIds messageIds;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    WriteContext(Connection connection, long now, MessageIds messageIds) {
        this.connection = connection;
        this.now = now;
        this.messageIds = messageIds;
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

    /** The writer's clock when the batch started. */
    long now() {
        return now;
    }

    long nextMessageId() {
        return messageIds.next();
    }

    /** Records that the server was alive at {@link #now()}; part of every transaction. */
    void markAlive() throws SQLException {
        PreparedStatement update = statement("UPDATE store_state SET alive_at = ? WHERE id = 1 AND alive_at < ?");
        update.setLong(1, now);
        update.setLong(2, now);
        update.executeUpdate();
    }

    void commit() throws SQLException {
        connection.commit();
        messageIds.commit();
    }

    void rollback(Throwable cause) {
        messageIds.rollback();
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        for (PreparedStatement statement : statements.values()) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // the connection goes back to the pool either way; a failed close leaks nothing it keeps
            }
        }
        statements.clear();
    }
}
