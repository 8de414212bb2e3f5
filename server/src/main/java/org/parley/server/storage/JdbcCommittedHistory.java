package org.parley.server.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.parley.server.core.store.BroadcastRecord;
import org.parley.server.core.store.RoomMessageRecord;

/** {@link CommittedHistory} read from the database, each call on its own pooled connection. */
final class JdbcCommittedHistory implements CommittedHistory {

    private final DataSource dataSource;

    JdbcCommittedHistory(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public List<Long> roomIds() {
        try (Connection connection = dataSource.getConnection()) {
            return StoreQueries.roomIds(connection);
        } catch (SQLException e) {
            throw new StorageException("cannot read rooms", e);
        }
    }

    @Override
    public void forEachBroadcast(Consumer<BroadcastRecord> action) {
        try (Connection connection = streaming(dataSource.getConnection())) {
            StoreQueries.forEachBroadcast(connection, Long.MIN_VALUE, action);
        } catch (SQLException e) {
            throw new StorageException("cannot read broadcasts", e);
        }
    }

    @Override
    public void forEachRoomMessage(long roomId, Consumer<RoomMessageRecord> action) {
        try (Connection connection = streaming(dataSource.getConnection())) {
            StoreQueries.forEachRoomMessage(connection, roomId, Long.MIN_VALUE, action);
        } catch (SQLException e) {
            throw new StorageException("cannot read messages of room " + roomId, e);
        }
    }

    /** PostgreSQL streams with a fetch size only inside a transaction; the pool resets auto-commit. */
    private static Connection streaming(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        return connection;
    }
}
