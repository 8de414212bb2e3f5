package org.parley.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.protocol.Event;
import org.parley.protocol.Request;
import org.parley.protocol.Response;
import org.parley.server.core.TestConnection;
import org.parley.server.core.TestServer;

/** A real server with its operator port on an ephemeral loopback port, asked over HTTP. */
class OperatorPortComponentTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private TestServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private TestServer start(Path dir) throws Exception {
        server = TestServer.start(dir, s -> s.withMetrics(new InetSocketAddress("127.0.0.1", 0)));
        return server;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        InetSocketAddress a = server.server().operatorAddress();
        return URI.create("http://127.0.0.1:" + a.getPort() + path);
    }

    @Test
    void metricsCountALoginAFailureAMessageAndTheCommitBehindIt(@TempDir Path dir) throws Exception {
        start(dir);
        TestConnection alice = server.login("alice");
        TestConnection bob = server.login("bob");
        TestConnection wrong = server.connect();
        assertThat(wrong.login("carol", "wrongpw")).isInstanceOf(Response.Error.class);
        alice.request(new Request.SendMessage(alice.nextId(), "bob", "hello bob"), Response.MessageSent.class);
        bob.awaitEvent(Event.MessageReceived.class);

        await().atMost(TestConnection.WAIT).untilAsserted(() -> {
            HttpResponse<String> metrics = get("/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(metrics.body()).contains(
                    "parley_sessions 2.0",
                    "parley_logins_total 2.0",
                    "parley_login_failures_total{reason=\"wrong_password\"} 1.0",
                    "parley_commands_total{type=\"SendMessage\"} 1.0",
                    "parley_deliveries_total{event=\"MessageReceived\"} 1.0",
                    "parley_deliveries_total{event=\"UserLoggedIn\"} 1.0",
                    "parley_store_queued_writes ",
                    "parley_store_failing 0.0",
                    "jvm_memory_used_bytes");
            assertThat(metrics.body()).containsPattern("parley_store_commit_seconds_count [1-9]");
            assertThat(metrics.body()).containsPattern("parley_fanout_seconds_count [1-9]");
        });
    }

    @Test
    void readyWhileServingThen503WhileDrainingWithHealthStill200(@TempDir Path dir) throws Exception {
        start(dir);
        TestConnection alice = server.login("alice");
        assertThat(get("/ready").statusCode()).isEqualTo(200);
        assertThat(get("/health").statusCode()).isEqualTo(200);

        server.server().drain();

        HttpResponse<String> ready = get("/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).isEqualTo("draining: the server is shutting down\n");
        assertThat(get("/health").statusCode()).isEqualTo(200);
        Event.SessionEnded ended = alice.awaitEvent(Event.SessionEnded.class);
        assertThat(ended.reason()).isEqualTo(Event.SessionEnded.Reason.SHUTDOWN);
        alice.awaitClosed();
        assertThatThrownBy(server::connect).as("the chat port no longer accepts").isInstanceOf(IOException.class);
    }

    @Test
    void unknownPathsAre404AndNonGetMethods405(@TempDir Path dir) throws Exception {
        start(dir);
        assertThat(get("/nope").statusCode()).isEqualTo(404);
        HttpResponse<String> post = send(HttpRequest.newBuilder(uri("/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET");
    }

    @Test
    void closeIsIdempotentAndClosesTheOperatorPortLast(@TempDir Path dir) throws Exception {
        start(dir);
        URI health = uri("/health");
        server.server().close();
        server.server().close();
        assertThatThrownBy(() -> send(HttpRequest.newBuilder(health).GET().build())).isInstanceOf(IOException.class);
    }
}
