package org.parley.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.parley.server.core.store.ClusterDirectory.Claim;
import org.parley.server.core.store.ClusterDirectory.Heartbeat;
import org.parley.server.core.store.Store;

/** Claims and leases on PostgreSQL, a schema per test (run {@code eval "$(.ci/postgres)"} first). */
@EnabledIfEnvironmentVariable(named = "PARLEY_PG_URL", matches = ".+")
class JdbcClusterDirectoryTest {

    private static final long LEASE = 10_000;
    private static final Duration HEARTBEAT = Duration.ofSeconds(2);

    private final String url = System.getenv("PARLEY_PG_URL");
    private final String user = System.getenv("PARLEY_PG_USER");
    private final String password = System.getenv("PARLEY_PG_PASSWORD");
    private final String schema = "parley_directory_" + UUID.randomUUID().toString().replace("-", "");
    private final List<AutoCloseable> open = new ArrayList<>();
    private Store store;

    @BeforeEach
    void schema() throws SQLException {
        execute("CREATE SCHEMA " + schema);
        store = JdbcStore.open(config().withClusterNode("n1")); // migrates
        open.add(store);
    }

    @AfterEach
    void drop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        execute("DROP SCHEMA " + schema + " CASCADE");
    }

    private StorageConfig config() {
        String separator = url.contains("?") ? "&" : "?";
        return StorageConfig.of(url + separator + "currentSchema=" + schema, user, password);
    }

    private JdbcClusterDirectory directory() {
        JdbcClusterDirectory d = JdbcClusterDirectory.open(config(), HEARTBEAT);
        open.add(0, d);
        return d;
    }

    private static Claim claim(String user, String node, long at) {
        return new Claim(user, node, at, "192.0.2.1", 5000, 0);
    }

    @Test
    void oneClaimPerUserAndOnlyItsOwnerReleasesIt() throws Exception {
        JdbcClusterDirectory one = directory();
        JdbcClusterDirectory two = directory();
        one.join("n1", 1_000, LEASE);
        two.join("n2", 1_000, LEASE);
        assertThat(one.claim(claim("ann", "n1", 1_100)).get()).isTrue();
        assertThat(two.claim(claim("ann", "n2", 1_200)).get()).isFalse();
        two.release("ann", "n2", 1_200).get();
        assertThat(one.claims().get()).containsExactly(claim("ann", "n1", 1_100));
        one.release("ann", "n1", 1_100).get();
        assertThat(two.claim(claim("ann", "n2", 1_300)).get()).isTrue();
    }

    @Test
    void aDeadNodesClaimsAreReleasedOnceAndTheirSpansClosedAtItsLastBeat() throws Exception {
        JdbcClusterDirectory dead = directory();
        JdbcClusterDirectory one = directory();
        JdbcClusterDirectory two = directory();
        dead.join("dead", 1_000, LEASE);
        one.join("n1", 1_000, LEASE);
        two.join("n2", 1_000, LEASE);
        dead.claim(claim("ann", "dead", 1_500)).get();
        dead.claim(claim("bob", "dead", 1_600)).get();
        store.recordLogin("ann", 1_500).get();
        dead.heartbeat("dead", 3_000, LEASE).get(); // its last beat: the lease ends at 13 000

        assertThat(one.heartbeat("n1", 12_000, LEASE).get().released()).isEmpty();
        CompletableFuture<Heartbeat> a = one.heartbeat("n1", 14_000, LEASE);
        CompletableFuture<Heartbeat> b = two.heartbeat("n2", 14_000, LEASE);
        List<Claim> released = new ArrayList<>(a.get().released());
        released.addAll(b.get().released());
        assertThat(released).containsExactlyInAnyOrder(claim("ann", "dead", 1_500), claim("bob", "dead", 1_600));
        // ann's span ended at the dead node's last heartbeat
        assertThat(store.usersOnlineSince(3_000).get()).containsExactly("ann");
        assertThat(store.usersOnlineSince(3_001).get()).isEmpty();

        Heartbeat back = dead.heartbeat("dead", 15_000, LEASE).get();
        assertThat(back.lapsed()).isTrue();
        assertThat(back.own()).isEmpty();
    }

    @Test
    void aNodeRestartedUnderItsIdReleasesWhatItsLastRunLeftAndLeavingGivesEverythingUp() throws Exception {
        JdbcClusterDirectory first = directory();
        first.join("n1", 1_000, LEASE);
        first.claim(claim("ann", "n1", 1_100)).get();
        JdbcClusterDirectory again = directory();
        assertThat(again.join("n1", 5_000, LEASE)).containsExactly(claim("ann", "n1", 1_100));
        again.claim(claim("bob", "n1", 5_100)).get();
        assertThat(again.leave("n1", 6_000)).containsExactly(claim("bob", "n1", 5_100));
        assertThat(again.claims().get()).isEmpty();
    }

    @Test
    void aNodeWhoseConnectionEndedIsTakenForDeadOnceItMissesABeatLongBeforeItsLeaseEnds() throws Exception {
        JdbcClusterDirectory killed = directory();
        JdbcClusterDirectory one = directory();
        killed.join("killed", 1_000, LEASE); // its last beat: the lease ends at 11 000
        one.join("n1", 1_000, LEASE);
        killed.claim(claim("ann", "killed", 1_100)).get();
        // a beat missed (4 100 is past the grace of 1.5 heartbeats), but the line is held: alive (a pause)
        assertThat(one.heartbeat("n1", 4_100, LEASE).get().released()).isEmpty();

        killed.close(); // what a killed process's kernel does: its connections end, without leave()

        List<Claim> released = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            released.addAll(one.heartbeat("n1", 4_100, LEASE).get().released());
            return !released.isEmpty();
        });
        assertThat(released).containsExactly(claim("ann", "killed", 1_100));
        assertThat(one.claims().get()).isEmpty();
    }

    @Test
    void aLiveNodeWhoseLineAloneBrokeKeepsItsUsersAndHoldsANewLineAtItsNextBeat() throws Exception {
        JdbcClusterDirectory cut = directory();
        JdbcClusterDirectory two = directory();
        cut.join("n1", 1_000, LEASE);
        two.join("n2", 1_000, LEASE);
        cut.claim(claim("ann", "n1", 1_100)).get();

        int backend = cut.lifeLineBackendPid();
        execute("SELECT pg_terminate_backend(" + backend + ")");
        awaitGone(backend);
        // within the grace: its line is gone, but it has not missed a beat
        assertThat(two.heartbeat("n2", 2_000, LEASE).get().released()).isEmpty();

        Heartbeat back = cut.heartbeat("n1", 3_000, LEASE).get();
        assertThat(back.lapsed()).as("it cannot know nobody took it for dead meanwhile").isTrue();
        assertThat(back.own()).containsExactly(claim("ann", "n1", 1_100));
        assertThat(cut.lifeLineBackendPid()).isNotEqualTo(backend);
        // past the grace from its first beat, but it beat again and holds its new line
        assertThat(two.heartbeat("n2", 4_500, LEASE).get().released()).isEmpty();
        assertThat(cut.heartbeat("n1", 5_000, LEASE).get().lapsed()).isFalse();
        assertThat(two.claims().get()).containsExactly(claim("ann", "n1", 1_100));
    }

    @Test
    void aLineTakenOnAnEarlierDatabaseInstanceSaysNothingAndTheLeaseDecides() throws Exception {
        JdbcClusterDirectory gone = directory();
        JdbcClusterDirectory one = directory();
        gone.join("gone", 1_000, LEASE);
        one.join("n1", 1_000, LEASE);
        gone.claim(claim("ann", "gone", 1_100)).get();
        int backend = gone.lifeLineBackendPid();
        // as after a database restart or failover: its line was held by a server that is no more
        execute("UPDATE " + schema + ".cluster_nodes SET life_epoch = life_epoch - 1 WHERE node_id = 'gone'");

        gone.close();
        awaitGone(backend);
        assertThat(one.heartbeat("n1", 4_100, LEASE).get().released()).isEmpty();
        assertThat(one.heartbeat("n1", 11_001, LEASE).get().released()).containsExactly(claim("ann", "gone", 1_100));
    }

    /** Until the database process has ended, and with it the locks it held. */
    private void awaitGone(int backend) {
        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT count(*) FROM pg_stat_activity WHERE pid = "
                + backend) == 0);
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement();
                java.sql.ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
