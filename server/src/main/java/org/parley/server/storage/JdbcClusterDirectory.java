package org.parley.server.storage;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.parley.server.core.store.ClusterDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClusterDirectory} over PostgreSQL: the {@code login_claims} and {@code cluster_nodes} tables
 * (migration V3). The one-login rule is the claims' primary key; every call is one short transaction
 * of its own on this directory's connection (never the store writer's, so a login does not wait behind
 * a group commit).
 *
 * <p>A heartbeat renews its node's row and looks for nodes whose lease has ended; only then does it
 * release their claims, in one {@code DELETE ... RETURNING} by the claims' node index: when two nodes
 * try at once, the row locks make the second find the rows gone, so each released claim is reported
 * by exactly one node. The login spans of released claims are closed at the dead node's last heartbeat.
 *
 * <p>One thread runs the calls, in the order they were made (the contract's ordering promise); the
 * futures complete on it.
 */
public final class JdbcClusterDirectory implements ClusterDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcClusterDirectory.class);
    private static final String CLAIM_COLUMNS = "username, node_id, login_at, ip, udp_port, private_port";

    private final HikariDataSource pool;
    private final ExecutorService thread;

    private JdbcClusterDirectory(HikariDataSource pool) {
        this.pool = pool;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "parley-cluster-directory");
            t.setDaemon(true);
            return t;
        });
    }

    /** On the store's database (migrated by {@link JdbcStore#open}, which must have run first). */
    public static JdbcClusterDirectory open(StorageConfig config) {
        Objects.requireNonNull(config, "config");
        if (config.isSqlite()) {
            throw new IllegalArgumentException("cluster mode needs PostgreSQL, not SQLite");
        }
        return new JdbcClusterDirectory(DataSources.directory(config));
    }

    @Override
    public List<Claim> join(String node, long now, long leaseMillis) {
        return inTransaction(connection -> {
            long lastBeat = now;
            try (PreparedStatement previous = connection.prepareStatement(
                    "SELECT beat_at FROM cluster_nodes WHERE node_id = ? FOR UPDATE")) {
                previous.setString(1, node);
                try (ResultSet row = previous.executeQuery()) {
                    if (row.next()) {
                        lastBeat = row.getLong(1);
                    }
                }
            }
            renew(connection, node, now, leaseMillis);
            List<Claim> stale;
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM login_claims WHERE node_id = ? RETURNING " + CLAIM_COLUMNS)) {
                delete.setString(1, node);
                stale = claims(delete);
            }
            closeSpans(connection, stale, Map.of(), lastBeat);
            return stale;
        });
    }

    @Override
    public CompletableFuture<Boolean> claim(Claim claim) {
        return async(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO login_claims (" + CLAIM_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (username) DO NOTHING")) {
                insert.setString(1, claim.user());
                insert.setString(2, claim.node());
                insert.setLong(3, claim.loginAt());
                insert.setString(4, claim.ip());
                insert.setInt(5, claim.udpPort());
                insert.setInt(6, claim.privatePort());
                return insert.executeUpdate() == 1;
            }
        });
    }

    @Override
    public CompletableFuture<Void> release(String user, String node, long loginAt) {
        return async(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM login_claims WHERE username = ? AND node_id = ? AND login_at = ?")) {
                delete.setString(1, user);
                delete.setString(2, node);
                delete.setLong(3, loginAt);
                delete.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<List<Claim>> claims() {
        return async(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + CLAIM_COLUMNS + " FROM login_claims ORDER BY login_at, username")) {
                return claims(query);
            }
        });
    }

    @Override
    public CompletableFuture<Heartbeat> heartbeat(String node, long now, long leaseMillis) {
        return async(connection -> {
            boolean lapsed;
            try (PreparedStatement own = connection.prepareStatement(
                    "SELECT lease_until FROM cluster_nodes WHERE node_id = ?")) {
                own.setString(1, node);
                try (ResultSet row = own.executeQuery()) {
                    lapsed = !row.next() || row.getLong(1) < now;
                }
            }
            renew(connection, node, now, leaseMillis);
            Map<String, Long> deadBeats = new HashMap<>();
            try (PreparedStatement dead = connection.prepareStatement(
                    "SELECT node_id, beat_at FROM cluster_nodes WHERE lease_until < ?")) {
                dead.setLong(1, now);
                try (ResultSet rows = dead.executeQuery()) {
                    while (rows.next()) {
                        deadBeats.put(rows.getString(1), rows.getLong(2));
                    }
                }
            }
            List<Claim> released = List.of();
            if (!deadBeats.isEmpty()) {
                // by the node index: a heartbeat costs its own row only, until some node dies
                java.sql.Array dead = connection.createArrayOf("text", deadBeats.keySet().toArray());
                // (still dead: a node that renewed its lease meanwhile keeps its claims)
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM login_claims WHERE node_id = "
                        + "ANY (?) AND node_id NOT IN (SELECT node_id FROM cluster_nodes WHERE lease_until >= ?) "
                        + "RETURNING " + CLAIM_COLUMNS)) {
                    delete.setArray(1, dead);
                    delete.setLong(2, now);
                    released = claims(delete);
                }
                closeSpans(connection, released, deadBeats, now);
                try (PreparedStatement forget = connection.prepareStatement(
                        "DELETE FROM cluster_nodes WHERE node_id = ANY (?) AND lease_until < ?")) {
                    forget.setArray(1, dead);
                    forget.setLong(2, now);
                    forget.executeUpdate();
                }
            }
            List<Claim> own = List.of();
            if (lapsed) {
                try (PreparedStatement query = connection.prepareStatement(
                        "SELECT " + CLAIM_COLUMNS + " FROM login_claims WHERE node_id = ?")) {
                    query.setString(1, node);
                    own = claims(query);
                }
            }
            return new Heartbeat(released, lapsed, own);
        });
    }

    @Override
    public List<Claim> leave(String node, long now) {
        return inTransaction(connection -> {
            List<Claim> left;
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM login_claims WHERE node_id = ? RETURNING " + CLAIM_COLUMNS)) {
                delete.setString(1, node);
                left = claims(delete);
            }
            closeSpans(connection, left, Map.of(), now);
            try (PreparedStatement forget = connection.prepareStatement("DELETE FROM cluster_nodes WHERE node_id = ?")) {
                forget.setString(1, node);
                forget.executeUpdate();
            }
            return left;
        });
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("cluster directory still busy after 10 s; closing its connections");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.close();
    }

    private static void renew(Connection connection, String node, long now, long leaseMillis) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO cluster_nodes (node_id, lease_until, "
                + "beat_at) VALUES (?, ?, ?) ON CONFLICT (node_id) DO UPDATE SET lease_until = excluded.lease_until, "
                + "beat_at = excluded.beat_at")) {
            upsert.setString(1, node);
            upsert.setLong(2, now + leaseMillis);
            upsert.setLong(3, now);
            upsert.executeUpdate();
        }
    }

    /** Each claim's login span ends at its node's last heartbeat (or {@code otherwise}), never before it began. */
    private static void closeSpans(Connection connection, List<Claim> claims, Map<String, Long> lastBeats,
            long otherwise) throws SQLException {
        if (claims.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE login_spans SET logout_at = "
                + "GREATEST(login_at, ?) WHERE username = ? AND login_at = ? AND logout_at IS NULL")) {
            for (Claim c : claims) {
                update.setLong(1, lastBeats.getOrDefault(c.node(), otherwise));
                update.setString(2, c.user());
                update.setLong(3, c.loginAt());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    private static List<Claim> claims(PreparedStatement statement) throws SQLException {
        List<Claim> claims = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                claims.add(new Claim(rows.getString(1), rows.getString(2), rows.getLong(3), rows.getString(4),
                        rows.getInt(5), rows.getInt(6)));
            }
        }
        return claims;
    }

    private <T> CompletableFuture<T> async(Work<T> work) {
        try {
            return CompletableFuture.supplyAsync(() -> inTransaction(work), thread);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("the cluster directory is closed", e));
        }
    }

    /** One transaction on a connection of the pool; a failure rolls it back and is thrown. */
    private <T> T inTransaction(Work<T> work) {
        try (Connection connection = pool.getConnection()) {
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("cluster directory: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }
}
