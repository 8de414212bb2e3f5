package org.parley.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Event;
import org.parley.protocol.Request;
import org.parley.protocol.Response;
import org.parley.server.ParleyServer;
import org.parley.server.ServerSettings;
import org.parley.server.core.bus.InMemoryBus;

/**
 * Two real servers on ephemeral ports as the nodes of one cluster: one PostgreSQL schema, the
 * in-memory bus (over the real engines: the subclasses), real connections over TLS. Skipped, saying
 * so, without {@code PARLEY_PG_URL}.
 */
class ClusterServersTest {

    private final String url = System.getenv("PARLEY_PG_URL");
    private final String user = System.getenv("PARLEY_PG_USER");
    private final String password = System.getenv("PARLEY_PG_PASSWORD");
    private final String schema = "parley_servers_" + UUID.randomUUID().toString().replace("-", "");
    private final InMemoryBus bus = InMemoryBus.smallest();
    private final List<TestConnection> connections = new ArrayList<>();
    private Path dirA;
    private Path dirB;
    private ParleyServer a;
    private ParleyServer b;
    /** A third node, for the tests that need one. */
    private ParleyServer c;
    private int nextHost = 2;

    @BeforeEach
    void startTwoNodes(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(url != null && !url.isBlank(),
                "PARLEY_PG_URL is not set: the cluster server tests are skipped (run .ci/postgres first)");
        execute("CREATE SCHEMA " + schema);
        dirA = dir.resolve("a");
        dirB = dir.resolve("b");
        a = node(dirA, "a");
        b = node(dirB, "b");
    }

    private ParleyServer node(Path dir, String node) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("credentials.txt"), TestServer.CREDENTIALS, StandardCharsets.UTF_8);
        String separator = url.contains("?") ? "&" : "?";
        ServerSettings settings = ServerSettings.forTesting(dir)
                .withDatabase(url + separator + "currentSchema=" + schema, user, password);
        return start(settings, node);
    }

    /** One node; here over the in-memory bus, in the subclasses over a real engine. */
    ParleyServer start(ServerSettings settings, String node) throws Exception {
        return ParleyServer.start(settings.withCluster("memory", node), store -> store,
                (busUrl, nodeId, dbUrl, dbUser, dbPassword) -> bus.node(nodeId));
    }

    /** A channel of the test's own, so that runs sharing an engine do not hear each other. */
    final String channel = "parley_test_" + UUID.randomUUID().toString().replace("-", "");

    @AfterEach
    void stop() throws Exception {
        for (TestConnection c : connections) {
            c.close();
        }
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (c != null) {
            c.close();
        }
        if (url != null && !url.isBlank()) {
            execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private TestConnection connect(ParleyServer server) throws Exception {
        TestConnection c = new TestConnection(server.address(), "127.0.0." + nextHost++,
                server.fingerprint().orElse(null));
        connections.add(c);
        return c;
    }

    private TestConnection login(ParleyServer server, String name) throws Exception {
        TestConnection c = connect(server);
        assertThat(c.login(name, name + "pw")).isInstanceOf(Response.LoggedIn.class);
        return c;
    }

    @Test
    void usersOnTwoServersTalkAsOnOne() throws Exception {
        TestConnection alice = login(a, "alice");
        TestConnection bob = login(b, "bob");
        assertThat(alice.awaitEvent(Event.UserLoggedIn.class).user()).isEqualTo("bob");

        assertThat(alice.request(new Request.SendMessage(alice.nextId(), "bob", "hi from a"), Response.MessageSent.class)
                .stored()).isFalse();
        assertThat(bob.awaitEvent(Event.MessageReceived.class).text()).isEqualTo("hi from a");

        Response.BroadcastSent sent = bob.request(new Request.SendBroadcast(bob.nextId(), "to all"),
                Response.BroadcastSent.class);
        assertThat(sent.number()).isEqualTo(1);
        assertThat(alice.awaitEvent(Event.BroadcastReceived.class).number()).isEqualTo(1);

        assertThat(alice.request(new Request.WhoElse(alice.nextId()), Response.UserList.class).users())
                .containsExactly("bob");

        TestConnection again = connect(b);
        Response second = again.login("alice", "alicepw");
        assertThat(((Response.Error) second).code()).isEqualTo(ErrorCode.ALREADY_LOGGED_IN);
    }

    @Test
    void aNodesMetricsShowItsBusTheOtherNodesUsersAndTheEventsBetweenThem() throws Exception {
        Path dirC = dirA.resolveSibling("c");
        Files.createDirectories(dirC);
        Files.writeString(dirC.resolve("credentials.txt"), TestServer.CREDENTIALS, StandardCharsets.UTF_8);
        c = start(ServerSettings.forTesting(dirC).withDatabase(schemaUrl(), user, password)
                .withMetrics(new java.net.InetSocketAddress("127.0.0.1", 0)), "c");
        TestConnection alice = login(c, "alice");
        TestConnection bob = login(b, "bob");
        assertThat(alice.awaitEvent(Event.UserLoggedIn.class).user()).isEqualTo("bob");
        bob.request(new Request.SendBroadcast(bob.nextId(), "to all"), Response.BroadcastSent.class);
        alice.awaitEvent(Event.BroadcastReceived.class);

        String metrics = scrape(c);
        assertThat(metrics).containsPattern("parley_cluster_bus_connected\\{engine=\"[a-z]+\"\\} 1.0");
        assertThat(metrics).contains("parley_cluster_remote_sessions 1.0",
                "parley_cluster_events_received_total{event=\"UserOnline\"} 1.0",
                "parley_cluster_events_received_total{event=\"BroadcastCommitted\"} 1.0",
                "parley_cluster_events_published_total{event=\"UserOnline\"} 1.0");
    }

    private String schemaUrl() {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static String scrape(ParleyServer server) throws Exception {
        java.net.InetSocketAddress port = server.operatorAddress();
        var request = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port.getPort() + "/metrics")).GET().build();
        return java.net.http.HttpClient.newHttpClient()
                .send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void aNodeThatStopsGivesItsUsersUpAndTheOthersSeeThemLeave() throws Exception {
        TestConnection alice = login(a, "alice");
        login(b, "bob");
        assertThat(alice.awaitEvent(Event.UserLoggedIn.class).user()).isEqualTo("bob");
        b.close();
        b = null;
        assertThat(alice.awaitEvent(Event.UserLoggedOut.class).user()).isEqualTo("bob");
        // bob carries on on the other node
        login(a, "bob");
    }

    @Test
    void eachNodesMessageLogHoldsEveryNodesMessages() throws Exception {
        TestConnection alice = login(a, "alice");
        TestConnection bob = login(b, "bob");
        alice.request(new Request.SendBroadcast(alice.nextId(), "logged on a"), Response.BroadcastSent.class);
        bob.request(new Request.SendBroadcast(bob.nextId(), "logged on b"), Response.BroadcastSent.class);
        for (Path dir : List.of(dirA, dirB)) {
            org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(
                    Files.readString(dir.resolve("messagelog.txt"))).contains("logged on a").contains("logged on b"));
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
