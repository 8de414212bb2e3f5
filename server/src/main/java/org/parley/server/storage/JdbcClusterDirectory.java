package org.parley.server.storage;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
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
 * (migrations V3 and V5). The one-login rule is the claims' primary key; every call is one short
 * transaction of its own on this directory's connection (never the store writer's, so a login does not
 * wait behind a group commit).
 *
 * <p>A node is dead when its lease has ended, or sooner when its {@link NodeLifeLine} is gone: the
 * advisory lock its own connection held, which PostgreSQL drops when that connection ends (a killed
 * process's kernel closes it). A node whose line is gone is taken for dead only once it has also missed
 * its heartbeat by half an interval ({@code lineGraceMillis}, one and a half heartbeats since its last): a
 * live node whose line alone broke (its backend terminated, a proxy's reset) takes a new one at its next
 * heartbeat, which comes before that, so only a node that stopped beating loses its users early. A line
 * counts only on the database instance it was taken on (its row records the instance's start): after a
 * database restart or failover every node's line is gone until its next heartbeat takes a new one, and
 * the first node back must not take the others for dead, so until then the lease alone decides.
 *
 * <p>A heartbeat locks its own row first ({@code FOR UPDATE}), renews it, then locks the rows of the
 * nodes it finds dead, releases their claims in one {@code DELETE ... RETURNING} by the claims' node
 * index and forgets their rows. When two nodes try at once, the second waits for the first's row locks
 * and finds the rows gone, so each released claim is reported by exactly one node; a node renewing
 * while another takes it for dead either renews first (and the other, re-checking the locked row, finds
 * it alive) or finds its row gone (and reports its lease lapsed). The login spans of released claims are
 * closed at the dead node's last heartbeat.
 *
 * <p>One thread runs the calls, in the order they were made (the contract's ordering promise); the
 * futures complete on it.
 */
public final class JdbcClusterDirectory implements ClusterDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcClusterDirectory.class);
    private static final String CLAIM_COLUMNS = "username, node_id, login_at, ip, udp_port, private_port";

    /**
     * The nodes taken for dead: lease ended, or no beat within the grace and a life line taken on this
     * very database instance whose advisory lock nobody holds now. Parameters: this node, now, now minus
     * the grace.
     */
    private static final String DEAD_NODES = "SELECT node_id, beat_at FROM cluster_nodes n WHERE node_id <> ? "
            + "AND (lease_until < ? OR (beat_at < ? AND life_key IS NOT NULL "
            + "AND life_epoch = " + NodeLifeLine.INSTANCE_EPOCH + " "
            + "AND NOT EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted "
            + "AND l.objsubid = 1 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
            + "AND l.classid = (n.life_key >> 32)::oid AND l.objid = (n.life_key & 4294967295)::oid))) "
            + "ORDER BY node_id FOR UPDATE OF n";

    private final HikariDataSource pool;
    private final NodeLifeLine lifeLine;
    private final long lineGraceMillis;
    private final ExecutorService thread;

    private JdbcClusterDirectory(HikariDataSource pool, NodeLifeLine lifeLine, long lineGraceMillis) {
        this.pool = pool;
        this.lifeLine = lifeLine;
        this.lineGraceMillis = lineGraceMillis;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "parley-cluster-directory");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * On the store's database (migrated by {@link JdbcStore#open}, which must have run first), for nodes
     * that renew their lease every {@code heartbeat}.
     */
    public static JdbcClusterDirectory open(StorageConfig config, Duration heartbeat) {
        Objects.requireNonNull(config, "config");
        if (config.isSqlite()) {
            throw new IllegalArgumentException("cluster mode needs PostgreSQL, not SQLite");
        }
        return new JdbcClusterDirectory(DataSources.directory(config), new NodeLifeLine(config),
                heartbeat.toMillis() * 3 / 2);
    }

    /** The database process whose connection holds this node's life line (tests cut it). */
    int lifeLineBackendPid() {
        return lifeLine.backendPid();
    }

    @Override
    public List<Claim> join(String node, long now, long leaseMillis) {
        try {
            lifeLine.ensureHeld();
        } catch (SQLException e) {
            throw new StorageException("cluster directory: taking node " + node + "'s life line: " + e.getMessage(), e);
        }
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
            // a line that broke may have been taken for this node's death by the others meanwhile
            boolean lapsed = lifeLine.ensureHeld();
            try (PreparedStatement own = connection.prepareStatement(
                    "SELECT lease_until FROM cluster_nodes WHERE node_id = ? FOR UPDATE")) {
                own.setString(1, node);
                try (ResultSet row = own.executeQuery()) {
                    lapsed |= !row.next() || row.getLong(1) < now;
                }
            }
            renew(connection, node, now, leaseMillis);
            Map<String, Long> deadBeats = new HashMap<>();
            try (PreparedStatement dead = connection.prepareStatement(DEAD_NODES)) {
                dead.setString(1, node);
                dead.setLong(2, now);
                dead.setLong(3, now - lineGraceMillis);
                try (ResultSet rows = dead.executeQuery()) {
                    while (rows.next()) {
                        deadBeats.put(rows.getString(1), rows.getLong(2));
                    }
                }
            }
            List<Claim> released = List.of();
            if (!deadBeats.isEmpty()) {
                // by the node index: a heartbeat costs its own row only, until some node dies; the dead
                // nodes' rows are locked, so none of them renews before this transaction ends
                java.sql.Array dead = connection.createArrayOf("text", deadBeats.keySet().toArray());
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM login_claims WHERE node_id = ANY (?) RETURNING " + CLAIM_COLUMNS)) {
                    delete.setArray(1, dead);
                    released = claims(delete);
                }
                closeSpans(connection, released, deadBeats, now);
                try (PreparedStatement forget = connection.prepareStatement(
                        "DELETE FROM cluster_nodes WHERE node_id = ANY (?)")) {
                    forget.setArray(1, dead);
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
        List<Claim> given = inTransaction(connection -> {
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
        // the row is gone, so the line's end tells nobody anything more
        lifeLine.close();
        return given;
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
        lifeLine.close();
        pool.close();
    }

    private void renew(Connection connection, String node, long now, long leaseMillis) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO cluster_nodes (node_id, lease_until, "
                + "beat_at, life_key, life_epoch) VALUES (?, ?, ?, ?, ?) ON CONFLICT (node_id) DO UPDATE SET "
                + "lease_until = excluded.lease_until, beat_at = excluded.beat_at, life_key = excluded.life_key, "
                + "life_epoch = excluded.life_epoch")) {
            upsert.setString(1, node);
            upsert.setLong(2, now + leaseMillis);
            upsert.setLong(3, now);
            upsert.setLong(4, lifeLine.key());
            upsert.setLong(5, lifeLine.epoch());
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
