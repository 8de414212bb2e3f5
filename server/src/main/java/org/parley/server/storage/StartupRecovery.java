package org.parley.server.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Repairs what a crash leaves behind, on the writer's connection before the writer starts (so nothing
 * races it): login spans still open are closed at the last moment the server is known to have been
 * alive, its last commit (or at their own login time, if that is later).
 */
final class StartupRecovery {

    private StartupRecovery() {}

    /** Closes open login spans. */
    static void run(Connection connection) throws SQLException {
        long aliveAt = StoreQueries.singleLong(connection, "SELECT alive_at FROM store_state WHERE id = 1");
        try (PreparedStatement close = connection.prepareStatement(
                "UPDATE login_spans SET logout_at = CASE WHEN login_at > ? THEN login_at ELSE ? END "
                        + "WHERE logout_at IS NULL")) {
            close.setLong(1, aliveAt);
            close.setLong(2, aliveAt);
            close.executeUpdate();
        }
        connection.commit();
    }
}
