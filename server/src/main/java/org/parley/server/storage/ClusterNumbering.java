package org.parley.server.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Cluster mode's numbers: taken from the {@code counters} table inside the writer's transaction, so
 * that every node's commits share one sequence of broadcast numbers, direct-message ids, room ids and
 * room message numbers. The increment locks the counter's row until the transaction ends: numbers
 * follow commit order across the cluster, and a transaction that rolls back takes its number back, so
 * committed numbers stay 1..n without gaps. Two nodes whose groups take two counters in opposite
 * orders deadlock; PostgreSQL aborts one, and the writer retries its writes one by one (each alone
 * takes one counter), at the cost of the deadlock timeout.
 *
 * <p>PostgreSQL SQL; used by the writer thread only.
 */
final class ClusterNumbering {

    static final String BROADCASTS = "broadcasts";
    static final String DIRECT_MESSAGES = "direct_messages";
    static final String ROOMS = "rooms";

    private ClusterNumbering() {}

    static String room(long roomId) {
        return "room:" + roomId;
    }

    /** The next number of this counter, in the transaction (a counter not there yet starts at 1). */
    static long next(WriteContext context, String counter) throws SQLException {
        PreparedStatement next = context.statement("INSERT INTO counters (name, value) VALUES (?, 1) "
                + "ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value");
        next.setString(1, counter);
        try (ResultSet row = next.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /**
     * At a node's start: every counter at least the highest number the tables hold (rows written by a
     * single server on the same database before it became a cluster count too), and this node's state
     * row. Idempotent, and safe while other nodes run (each row only grows).
     */
    static void prepare(Connection connection, String node) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate(raise(BROADCASTS, "SELECT COALESCE(MAX(number), 0) FROM broadcasts"));
            statement.executeUpdate(raise(DIRECT_MESSAGES, "SELECT COALESCE(MAX(id), 0) FROM direct_messages"));
            statement.executeUpdate(raise(ROOMS, "SELECT COALESCE(MAX(id), 0) FROM rooms"));
            statement.executeUpdate("INSERT INTO counters (name, value) "
                    + "SELECT 'room:' || room_id, MAX(number) FROM room_messages GROUP BY room_id "
                    + "ON CONFLICT (name) DO UPDATE SET value = GREATEST(counters.value, excluded.value)");
        }
        try (PreparedStatement state = connection.prepareStatement("INSERT INTO node_state "
                + "(node_id, last_transaction, alive_at) VALUES (?, 0, 0) ON CONFLICT (node_id) DO NOTHING")) {
            state.setString(1, node);
            state.executeUpdate();
        }
        connection.commit();
    }

    private static String raise(String counter, String highest) {
        return "INSERT INTO counters (name, value) SELECT '" + counter + "', (" + highest + ") "
                + "ON CONFLICT (name) DO UPDATE SET value = GREATEST(counters.value, excluded.value)";
    }
}
