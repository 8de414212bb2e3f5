package org.parley.e2e.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.client.api.ClientListener;
import org.parley.client.api.ParleyClient;
import org.parley.client.api.ReceivedMessages;
import org.parley.client.connection.ServerSecurity;
import org.parley.e2e.harness.ClientProcess;
import org.parley.e2e.harness.ServerProcess;
import org.parley.protocol.Event;
import org.parley.protocol.Response;
import org.parley.tls.Fingerprint;

/**
 * Issue 15: SIGTERM is a clean stop. The packaged server, with a terminal client connected and another
 * client sending direct messages to an offline user as fast as they are acknowledged, gets SIGTERM: it
 * exits 0, the terminal client is told the server is shutting down (and sets out to reconnect), and
 * every message that was acknowledged is there for its recipient when the server runs again.
 */
class GracefulShutdownE2ETest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int IN_FLIGHT = 16;

    @TempDir
    Path dir;
    private EventLoopGroup group;
    private final List<ServerProcess> servers = new ArrayList<>();
    private final List<ParleyClient> clients = new CopyOnWriteArrayList<>();
    private ClientProcess yoda;

    @BeforeEach
    void setUp() throws IOException {
        ServerProcess.writeCredentials(dir, "yoda jedi", "luke force", "leia pw");
        group = new NioEventLoopGroup(1);
    }

    @AfterEach
    void tearDown() {
        clients.forEach(ParleyClient::close);
        if (yoda != null) {
            yoda.close();
        }
        servers.forEach(ServerProcess::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void sigtermTellsClientsKeepsEveryAcknowledgedMessageAndExitsZero() throws Exception {
        int operatorPort = freePort();
        // a command rate no sender reaches: refusals for speed are not what this test is about
        ServerProcess server = start("--metrics-port", Integer.toString(operatorPort), "--command-rate", "1000000");
        server.out().await(l -> l.equals("Operator endpoints at http://127.0.0.1:" + operatorPort
                + "/metrics, /health and /ready"), "the operator line", WAIT);
        assertThat(status(operatorPort, "/ready")).isEqualTo(200);

        yoda = ClientProcess.login(dir, server.port(), "yoda", "jedi");
        ParleyClient luke = login(server, "luke", "force");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean sending = new AtomicBoolean(true);
        Thread sender = new Thread(() -> sendUntilRefused(luke, acknowledged, sending), "sender");
        sender.start();
        await().atMost(WAIT).until(() -> acknowledged.size() >= 100);

        server.terminate();

        assertThat(server.awaitExit(WAIT)).as("exit status after SIGTERM").isZero();
        sending.set(false);
        sender.join(WAIT.toMillis());
        yoda.awaitLine(l -> l.startsWith("The server is shutting down; reconnecting in "),
                "the shutdown notice, then a reconnect", ClientProcess.WAIT);
        assertThat(server.out().entries()).contains(
                "Shutting down (SIGTERM): not accepting, telling clients, committing what was accepted",
                "Parley server stopped");
        assertThat(server.err().entries()).noneMatch(l -> l.contains("ERROR"));

        ServerProcess again = start();
        List<String> received = new CopyOnWriteArrayList<>();
        ParleyClient leia = login(again, "leia", "pw");
        leia.addListener(new ClientListener() {
            @Override
            public void onEvent(Event event) {
                if (event instanceof Event.MessageReceived m) {
                    received.add(m.text());
                }
            }
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(received)
                .as("every message acknowledged before the SIGTERM, after the restart")
                .containsAll(acknowledged));
        System.out.println("GracefulShutdownE2ETest: " + acknowledged.size() + " messages acknowledged before the"
                + " server stopped, all kept");
    }

    /** Direct messages to leia (offline), up to {@link #IN_FLIGHT} unanswered, until the server stops answering. */
    private static void sendUntilRefused(ParleyClient luke, Set<String> acknowledged, AtomicBoolean sending) {
        Semaphore window = new Semaphore(IN_FLIGHT);
        for (int i = 0; sending.get() && luke.isOpen(); i++) {
            try {
                if (!window.tryAcquire(1, TimeUnit.SECONDS)) {
                    continue;
                }
            } catch (InterruptedException e) {
                return;
            }
            String text = "before the stop " + i;
            CompletableFuture<Response.MessageSent> sent = luke.message("leia", text);
            sent.whenComplete((r, err) -> {
                if (err == null && r.stored()) {
                    acknowledged.add(text);
                }
                window.release();
            });
        }
    }

    private ServerProcess start(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("0");
        ServerProcess server = ServerProcess.start(dir, all.toArray(String[]::new));
        servers.add(server);
        return server;
    }

    private ParleyClient login(ServerProcess server, String user, String password) throws Exception {
        ParleyClient client = ParleyClient.connect("127.0.0.1", server.port(), group,
                ParleyClient.DEFAULT_REQUEST_TIMEOUT, new ReceivedMessages(),
                ServerSecurity.pinned(Fingerprint.parse(server.fingerprint()))).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        clients.add(client);
        client.loginUser(user).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        client.loginPassword(password, 0, 0).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return client;
    }

    private static int status(int port, String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A port nothing listens on now; the server binds it a moment later (the operator port has no port 0). */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
