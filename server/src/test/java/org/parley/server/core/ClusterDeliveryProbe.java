package org.parley.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.parley.protocol.Event;
import org.parley.protocol.Request;
import org.parley.protocol.Response;
import org.parley.server.ParleyServer;
import org.parley.server.ServerSettings;

/**
 * Not a test of speed (nothing is timed against a limit): prints how many direct messages per second
 * one sender gets acknowledged and delivered, pipelined, from a node to a user on the same node and on
 * another node, over the bus named by PARLEY_CLUSTER_PROBE (e.g. {@code nats://127.0.0.1:4222}). Needs
 * PARLEY_PG_URL too.
 */
@EnabledIfEnvironmentVariable(named = "PARLEY_CLUSTER_PROBE", matches = ".+")
class ClusterDeliveryProbe {

    private static final int MESSAGES = 5_000;

    @TempDir
    Path dir;

    @Test
    void directMessagesWithinAndAcrossNodes() throws Exception {
        String url = System.getenv("PARLEY_PG_URL");
        String schema = "parley_probe_" + UUID.randomUUID().toString().replace("-", "");
        String bus = System.getenv("PARLEY_CLUSTER_PROBE") + "?channel=" + schema;
        execute(url, "CREATE SCHEMA " + schema);
        try (ParleyServer a = node(url, schema, bus, "a"); ParleyServer b = node(url, schema, bus, "b")) {
            measure("warm-up, same node", a, a);
            for (int round = 1; round <= 2; round++) {
                measure("round " + round + ", same node", a, a);
                measure("round " + round + ", across nodes", a, b);
            }
        } finally {
            execute(url, "DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private void measure(String what, ParleyServer from, ParleyServer to) throws Exception {
        String sender = "s" + UUID.randomUUID().toString().substring(0, 8);
        String recipient = "r" + UUID.randomUUID().toString().substring(0, 8);
        try (TestConnection receiving = register(to, recipient, "127.0.0.2");
                TestConnection sending = register(from, sender, "127.0.0.3")) {
            // the sender's node has heard of the recipient (same node: at once)
            sending.request(new Request.WhoElse(sending.nextId()), Response.UserList.class);
            long start = System.nanoTime();
            long first = sending.nextId();
            for (int i = 0; i < MESSAGES; i++) {
                sending.send(new Request.SendMessage(first + i, recipient, "message " + i));
                sending.nextId();
            }
            for (int i = 0; i < MESSAGES; i++) {
                assertThat(sending.awaitResponse(first + i)).isInstanceOf(Response.MessageSent.class);
            }
            for (int i = 0; i < MESSAGES; i++) {
                receiving.awaitEvent(Event.MessageReceived.class);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("cluster probe: %s: %d direct messages acknowledged and delivered in %.2f s: %.0f/s%n",
                    what, MESSAGES, seconds, MESSAGES / seconds);
        }
    }

    private static TestConnection register(ParleyServer server, String user, String ip) throws Exception {
        TestConnection c = new TestConnection(server.address(), ip, server.fingerprint().orElse(null));
        assertThat(c.login(user, user + "pw")).isInstanceOf(Response.LoggedIn.class);
        return c;
    }

    private ParleyServer node(String url, String schema, String bus, String node) throws Exception {
        Path home = dir.resolve(node);
        Files.createDirectories(home);
        Files.writeString(home.resolve("credentials.txt"), "", StandardCharsets.UTF_8);
        String separator = url.contains("?") ? "&" : "?";
        return ParleyServer.start(ServerSettings.forTesting(home)
                .withDatabase(url + separator + "currentSchema=" + schema, System.getenv("PARLEY_PG_USER"),
                        System.getenv("PARLEY_PG_PASSWORD"))
                .withLimits(200, 1_000_000, 1_000_000)
                .withCluster(bus, node));
    }

    private static void execute(String url, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, System.getenv("PARLEY_PG_USER"),
                System.getenv("PARLEY_PG_PASSWORD")); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
