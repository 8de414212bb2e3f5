package org.parley.server.core;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.protocol.Request;
import org.parley.protocol.Response;
import org.parley.server.core.bus.ClusterBus;
import org.parley.server.core.store.ClusterDirectory;
import org.parley.server.core.store.Store;
import org.parley.server.storage.JdbcClusterDirectory;
import org.parley.server.storage.JdbcStore;
import org.parley.server.storage.StorageConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every test of {@link ClusterCoreTest}, with each node on its own store and claim directory over one
 * PostgreSQL schema (numbers from the database's counters, claims and leases in its tables), and the
 * in-memory bus. Skipped, saying so, without {@code PARLEY_PG_URL} (see {@code .ci/postgres}).
 */
class PostgresClusterCoreTest extends ClusterCoreTest {

    private final String url = System.getenv("PARLEY_PG_URL");
    private final String user = System.getenv("PARLEY_PG_USER");
    private final String password = System.getenv("PARLEY_PG_PASSWORD");
    private final String schema = "parley_cluster_" + UUID.randomUUID().toString().replace("-", "");
    private final Map<String, Store> stores = new ConcurrentHashMap<>();
    private final Map<String, ClusterDirectory> directories = new ConcurrentHashMap<>();
    private final Set<String> frozen = ConcurrentHashMap.newKeySet();

    @BeforeEach
    @Override
    void startThreeNodes() throws Exception {
        Assumptions.assumeTrue(url != null && !url.isBlank(),
                "PARLEY_PG_URL is not set: the cluster tests on PostgreSQL are skipped (run .ci/postgres first)");
        execute("CREATE SCHEMA " + schema);
        super.startThreeNodes();
    }

    @AfterEach
    @Override
    void stop() {
        if (url == null || url.isBlank()) {
            return;
        }
        super.stop();
        stores.values().forEach(Store::close);
        directories.values().forEach(ClusterDirectory::close);
        try {
            execute("DROP SCHEMA " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private StorageConfig config() {
        String separator = url.contains("?") ? "&" : "?";
        return StorageConfig.of(url + separator + "currentSchema=" + schema, user, password);
    }

    @Override
    ClusterFixture.NodeParts parts() {
        return new ClusterFixture.NodeParts() {
            @Override
            public Store store(String node) {
                return stores.computeIfAbsent(node, n -> JdbcStore.open(config().withClusterNode(n)));
            }

            @Override
            public ClusterDirectory directory(String node) {
                return directories.computeIfAbsent(node, n -> new Freezable(JdbcClusterDirectory.open(config(), ClusterMode.DEFAULT_HEARTBEAT), frozen));
            }

            @Override
            public ClusterBus bus(String node) {
                return bus.node(node);
            }
        };
    }

    @Override
    String claimedOn(String username) throws SQLException {
        return single("SELECT node_id FROM login_claims WHERE username = ?", username);
    }

    @Override
    boolean isDelivered(long messageId) throws SQLException {
        return single("SELECT delivered_at FROM direct_messages WHERE id = ?", messageId) != null;
    }

    @Override
    void freeze(String node) {
        frozen.add(node);
    }

    @Test
    void numbersComeFromTheDatabaseSoTwoNodesNeverHandOutTheSameOne() throws Exception {
        ClusterFixture.Connected alice = cluster.login(a, "alice");
        ClusterFixture.Connected bob = cluster.login(b, "bob");
        int each = 20;
        for (int i = 0; i < each; i++) {
            alice.send(new Request.SendBroadcast(100 + i, "a" + i));
            bob.send(new Request.SendBroadcast(200 + i, "b" + i));
        }
        java.util.TreeSet<Long> numbers = new java.util.TreeSet<>();
        for (int i = 0; i < each; i++) {
            numbers.add(alice.next(Response.BroadcastSent.class).number());
            numbers.add(bob.next(Response.BroadcastSent.class).number());
        }
        assertThat(numbers).hasSize(2 * each);
        assertThat(numbers.first()).isEqualTo(1);
        assertThat(numbers.last()).isEqualTo(2 * each);
    }

    private String single(String sql, Object key) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                PreparedStatement query = connection.prepareStatement(sql.replace("FROM ", "FROM " + schema + "."))) {
            query.setObject(1, key);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** A directory whose node's heartbeats can be made to stop renewing its lease. */
    private record Freezable(ClusterDirectory real, Set<String> frozen) implements ClusterDirectory {
        @Override
        public List<Claim> join(String node, long now, long leaseMillis) {
            return real.join(node, now, leaseMillis);
        }

        @Override
        public CompletableFuture<Boolean> claim(Claim claim) {
            return real.claim(claim);
        }

        @Override
        public CompletableFuture<Void> release(String u, String node, long loginAt) {
            return real.release(u, node, loginAt);
        }

        @Override
        public CompletableFuture<List<Claim>> claims() {
            return real.claims();
        }

        @Override
        public CompletableFuture<Heartbeat> heartbeat(String node, long now, long leaseMillis) {
            return frozen.contains(node) ? CompletableFuture.completedFuture(new Heartbeat(List.of(), false, List.of()))
                    : real.heartbeat(node, now, leaseMillis);
        }

        @Override
        public List<Claim> leave(String node, long now) {
            return real.leave(node, now);
        }

        @Override
        public void close() {
            real.close();
        }
    }
}
