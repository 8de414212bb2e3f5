package org.parley.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.client.api.ClientListener;
import org.parley.client.api.ParleyClient;
import org.parley.client.api.ReceivedMessages;
import org.parley.client.api.ServerErrorException;
import org.parley.e2e.harness.ServerProcess;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Event;
import org.parley.protocol.Response;

/**
 * Three packaged servers as the nodes of one cluster (one PostgreSQL schema, NATS on a channel of the
 * test's own). A sender on node a writes to a recipient on node b without pause; node b is SIGKILLed
 * in the middle. The sender sees the recipient log out once the others see b's connection to the
 * database gone and its beat missed (or its lease run out); the recipient logs in again on node c as soon as its old claim
 * is released, and every message acknowledged to the sender,
 * before the kill or after it, is shown to the recipient exactly once. Skipped, saying so, without
 * PARLEY_PG_URL and PARLEY_NATS_URL.
 */
class ClusterNodeKillE2ETest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PASSWORD = "pw";

    @TempDir
    Path dir;
    private final String pgUrl = System.getenv("PARLEY_PG_URL");
    private final String nats = System.getenv("PARLEY_NATS_URL");
    private final String schema = "parley_e2e_" + UUID.randomUUID().toString().replace("-", "");
    private final List<ServerProcess> nodes = new ArrayList<>();
    private final List<ParleyClient> clients = new CopyOnWriteArrayList<>();
    private final ReceivedMessages recipientMemory = new ReceivedMessages();
    private final List<Event.MessageReceived> shown = new CopyOnWriteArrayList<>();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final List<String> presence = new CopyOnWriteArrayList<>();
    private EventLoopGroup group;

    @BeforeEach
    void setUp() throws Exception {
        Assumptions.assumeTrue(pgUrl != null && !pgUrl.isBlank() && nats != null && !nats.isBlank(),
                "PARLEY_PG_URL and PARLEY_NATS_URL are needed: the cluster e2e test is skipped");
        execute("CREATE SCHEMA " + schema);
        group = new NioEventLoopGroup(2);
    }

    @AfterEach
    void tearDown() throws Exception {
        clients.forEach(ParleyClient::close);
        nodes.forEach(ServerProcess::close);
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        if (pgUrl != null && nats != null) {
            execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    void aNodeKilledUnderLoadLosesNoAcknowledgedMessageAndItsUserCarriesOnElsewhere() throws Exception {
        ServerProcess a = node("a");
        ServerProcess b = node("b");
        ServerProcess c = node("c");
        ParleyClient sender = login(a, "sender");
        sender.addListener(new ClientListener() {
            @Override
            public void onEvent(Event event) {
                if (event instanceof Event.UserLoggedIn in) {
                    presence.add("in " + in.user());
                } else if (event instanceof Event.UserLoggedOut out) {
                    presence.add("out " + out.user());
                }
            }
        });
        ParleyClient first = login(b, "recipient");
        await().atMost(WAIT).until(() -> presence.contains("in recipient"));

        Thread load = new Thread(() -> send(sender), "sender-load");
        load.start();
        await().atMost(WAIT).until(() -> shown.size() >= 200);
        long killedAt = System.nanoTime();
        b.kill();
        int shownBeforeKill = shown.size();
        first.close();

        await().atMost(WAIT).until(() -> presence.contains("out recipient"));
        long loggedOutAfter = System.nanoTime() - killedAt;
        ParleyClient second = await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> tryLogin(c, "recipient"), client -> client != null);
        long backAfter = System.nanoTime() - killedAt;
        await().atMost(WAIT).until(() -> acknowledged.size() >= shownBeforeKill + 200);
        load.interrupt();
        load.join(WAIT.toMillis());
        second.whoElse().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> texts().containsAll(acknowledged));

        Set<String> texts = texts();
        System.out.printf("cluster kill: %d acknowledged, %d shown (%d before the kill of node b); logged out "
                + "%.1f s and back on node c %.1f s after the kill%n", acknowledged.size(), shown.size(),
                shownBeforeKill, loggedOutAfter / 1e9, backAfter / 1e9);
        assertThat(acknowledged).as("acknowledged to the sender but never shown").allMatch(texts::contains);
        assertThat(shown).as("shown more than once").hasSize(texts.size());
        assertThat(shown.stream().map(Event.MessageReceived::messageId).distinct().count()).isEqualTo(shown.size());
    }

    /** As fast as the node answers, one at a time; each text acknowledged goes to the ledger. */
    private void send(ParleyClient sender) {
        for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
            String text = "message " + i;
            try {
                Response.MessageSent sent = sender.message("recipient", text).get(WAIT.toSeconds(), TimeUnit.SECONDS);
                if (sent != null) {
                    acknowledged.add(text);
                }
            } catch (InterruptedException e) {
                return;
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                // refused or not answered: not acknowledged, so not owed
            }
        }
    }

    private Set<String> texts() {
        return shown.stream().map(Event.MessageReceived::text).collect(Collectors.toSet());
    }

    private ServerProcess node(String id) throws Exception {
        Path home = dir.resolve(id);
        Files.createDirectories(home);
        ServerProcess.writeCredentials(home, "sender " + PASSWORD, "recipient " + PASSWORD);
        String separator = pgUrl.contains("?") ? "&" : "?";
        // after the standard options of a test server
        ServerProcess node = ServerProcess.start(home, "--db-url", pgUrl + separator + "currentSchema=" + schema,
                "--db-user", System.getenv().getOrDefault("PARLEY_PG_USER", "postgres"),
                "--cluster-bus", nats + "?channel=" + schema, "--node-id", id, "--command-rate", "1000000", "0");
        nodes.add(node);
        return node;
    }

    private ParleyClient login(ServerProcess node, String user) throws Exception {
        ParleyClient client = tryLogin(node, user);
        assertThat(client).as("login of " + user).isNotNull();
        return client;
    }

    /** Logged in, or null while the user's claim is still held (by a node not yet taken for dead). */
    private ParleyClient tryLogin(ServerProcess node, String user) throws Exception {
        ParleyClient client = ParleyClient.connect("127.0.0.1", node.port(), group, ParleyClient.DEFAULT_REQUEST_TIMEOUT,
                recipientOrFresh(user), org.parley.client.connection.ServerSecurity.pinned(
                        org.parley.tls.Fingerprint.parse(node.fingerprint()))).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (user.equals("recipient")) {
            client.addListener(new ClientListener() {
                @Override
                public void onEvent(Event event) {
                    if (event instanceof Event.MessageReceived m) {
                        shown.add(m);
                    }
                }
            });
        }
        client.loginUser(user).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        try {
            client.loginPassword(PASSWORD, 0, 0).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            client.close();
            if (e.getCause() instanceof ServerErrorException refused && refused.code() == ErrorCode.ALREADY_LOGGED_IN) {
                return null;
            }
            throw e;
        }
        clients.add(client);
        return client;
    }

    private ReceivedMessages recipientOrFresh(String user) {
        return user.equals("recipient") ? recipientMemory : new ReceivedMessages();
    }

    private void execute(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(pgUrl,
                System.getenv().getOrDefault("PARLEY_PG_USER", "postgres"), System.getenv("PARLEY_PG_PASSWORD"));
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
