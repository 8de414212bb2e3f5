package org.parley.server.storage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * The numbers the writer hands out inside its transactions: transaction numbers, direct-message ids,
 * broadcast numbers, room ids and each room's message numbers. Handing them out in the writer, not
 * when a request is queued, means a write that fails takes no number with it: the next write gets the
 * number the failed one would have had, so committed numbers are always 1..n without gaps.
 *
 * <p>{@link #commit()} keeps what the transaction handed out; {@link #rollback()} takes it all back.
 * After a failure the writer {@link #load reloads} the numbers from the database, so even a commit
 * whose outcome the driver could not report leaves no number used twice. Used by the writer thread
 * only.
 */
final class Numbering {

    private final Counter transactions;
    private final Counter messageIds;
    private final Counter broadcastNumbers;
    private final Counter roomIds;
    private final Map<Long, Long> committedRoomNumbers;
    private final Map<Long, Long> pendingRoomNumbers = new HashMap<>();

    private Numbering(long lastTransaction, long lastMessageId, long lastBroadcastNumber, long lastRoomId, Map<Long, Long> roomNumbers) {
        this.transactions = new Counter(lastTransaction);
        this.messageIds = new Counter(lastMessageId);
        this.broadcastNumbers = new Counter(lastBroadcastNumber);
        this.roomIds = new Counter(lastRoomId);
        this.committedRoomNumbers = roomNumbers;
    }

    /** The last committed numbers, read on this connection. */
    static Numbering load(Connection connection) throws SQLException {
        return load(connection, null);
    }

    /**
     * As above; for a cluster node ({@code clusterNode} not null) only its transaction number is used
     * from here, the other numbers come from the database in each transaction ({@link ClusterNumbering}).
     */
    static Numbering load(Connection connection, String clusterNode) throws SQLException {
        if (clusterNode != null) {
            long last;
            try (var query = connection.prepareStatement("SELECT last_transaction FROM node_state WHERE node_id = ?")) {
                query.setString(1, clusterNode);
                try (ResultSet row = query.executeQuery()) {
                    last = row.next() ? row.getLong(1) : 0;
                }
            }
            return new Numbering(last, 0, 0, 0, new HashMap<>());
        }
        Map<Long, Long> roomNumbers = new HashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT room_id, MAX(number) FROM room_messages GROUP BY room_id")) {
            while (rows.next()) {
                roomNumbers.put(rows.getLong(1), rows.getLong(2));
            }
        }
        return new Numbering(
                StoreQueries.singleLong(connection, "SELECT last_transaction FROM store_state WHERE id = 1"),
                StoreQueries.singleLong(connection, "SELECT COALESCE(MAX(id), 0) FROM direct_messages"),
                StoreQueries.singleLong(connection, "SELECT COALESCE(MAX(number), 0) FROM broadcasts"),
                StoreQueries.singleLong(connection, "SELECT COALESCE(MAX(id), 0) FROM rooms"),
                roomNumbers);
    }

    /** The number of the transaction about to run (see {@link WriteContext#markCommitted}). */
    long nextTransaction() {
        return transactions.next();
    }

    long nextMessageId() {
        return messageIds.next();
    }

    long nextBroadcastNumber() {
        return broadcastNumbers.next();
    }

    long nextRoomId() {
        return roomIds.next();
    }

    /** The next number in this room (1 for a room without messages, or one not known at all). */
    long nextRoomMessageNumber(long roomId) {
        long next = pendingRoomNumbers.getOrDefault(roomId, committedRoomNumbers.getOrDefault(roomId, 0L)) + 1;
        pendingRoomNumbers.put(roomId, next);
        return next;
    }

    void commit() {
        transactions.commit();
        messageIds.commit();
        broadcastNumbers.commit();
        roomIds.commit();
        committedRoomNumbers.putAll(pendingRoomNumbers);
        pendingRoomNumbers.clear();
    }

    void rollback() {
        transactions.rollback();
        messageIds.rollback();
        broadcastNumbers.rollback();
        roomIds.rollback();
        pendingRoomNumbers.clear();
    }

    /** One sequence: numbers handed out since the last commit are taken back by a rollback. */
    private static final class Counter {
        private long committed;
        private long next;

        Counter(long lastCommitted) {
            this.committed = lastCommitted;
            this.next = lastCommitted;
        }

        long next() {
            return ++next;
        }

        void commit() {
            committed = next;
        }

        void rollback() {
            next = committed;
        }
    }
}
