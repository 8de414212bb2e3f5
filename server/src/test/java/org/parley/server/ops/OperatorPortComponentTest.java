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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Event;
import org.parley.protocol.Limits;
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
    void metricsCountLoginsAFailureAMessageItsCommitAndAnUpload(@TempDir Path dir) throws Exception {
        start(dir);
        TestConnection alice = server.login("alice");
        TestConnection bob = server.login("bob", 6002, 0);
        TestConnection wrong = server.connect();
        assertThat(wrong.login("carol", "wrongpw")).isInstanceOf(Response.Error.class);
        alice.request(new Request.SendMessage(alice.nextId(), "bob", "hello bob"), Response.MessageSent.class);
        bob.awaitEvent(Event.MessageReceived.class);
        alice.request(new Request.AuthorizeUpload(alice.nextId(), "bob", "clip.mp4", 1234, "0123456789abcdef".repeat(4)),
                Response.UploadTicket.class);

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
                    "parley_transfers_authorised_total 1.0",
                    "parley_commands_total{type=\"AuthorizeUpload\"} 1.0",
                    "jvm_memory_used_bytes");
            assertThat(metrics.body()).containsPattern("parley_store_commit_seconds_count [1-9]");
            assertThat(metrics.body()).containsPattern("parley_fanout_seconds_count [1-9]");
        });
    }

    @Test
    void readyWhileServingThen503WhileDrainingWithHealthStill200(@TempDir Path dir) throws Exception {
        start(dir);
        TestConnection alice = server.login("alice");
        TestConnection late = server.connect();
        late.hello();
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
        late.send(new Request.LoginUser(late.nextId(), "bob"));
        assertThat(late.awaitEvent(Event.SessionEnded.class).reason())
                .as("a connection still logging in is told too, not logged in").isEqualTo(Event.SessionEnded.Reason.SHUTDOWN);
        late.awaitClosed();
        assertThatThrownBy(server::connect).as("the chat port no longer accepts").isInstanceOf(IOException.class);
    }

    @Test
    void aStoreThatRefusesEveryCommitIsNotReadyUntilItCommitsAgainEvenWithNobodyWriting(@TempDir Path dir)
            throws Exception {
        start(dir);
        TestConnection alice = server.login("alice");
        Path database = server.file("data/parley.db");
        // every transaction records its number in store_state: refusing that update refuses every commit
        sqlite(database, "CREATE TRIGGER fault BEFORE UPDATE ON store_state"
                + " BEGIN SELECT RAISE(ROLLBACK, 'injected fault: disk I/O error'); END");
        Response.Error refused = alice.requestError(new Request.SendBroadcast(alice.nextId(), "not kept"));
        assertThat(refused.code()).isEqualTo(ErrorCode.INTERNAL);

        HttpResponse<String> failing = get("/ready");
        assertThat(failing.statusCode()).isEqualTo(503);
        assertThat(failing.body()).startsWith("store failing: ").contains("injected fault: disk I/O error").endsWith("\n");
        assertThat(get("/metrics").body()).contains("parley_store_failing 1.0");
        assertThat(get("/health").statusCode()).isEqualTo(200);

        sqlite(database, "DROP TRIGGER fault");
        // each /ready while failing sends one probe transaction: the store shows it is back by itself
        await().atMost(TestConnection.WAIT).until(() -> get("/ready").statusCode() == 200);
        assertThat(get("/metrics").body()).contains("parley_store_failing 0.0");
    }

    private static void sqlite(Path database, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 10000");
            statement.execute(sql);
        }
    }

    @Test
    void aClientThatStopsReadingIsCutOffAndCounted(@TempDir Path dir) throws Exception {
        // the sender pipelines broadcasts: lift the per-session command rate
        server = TestServer.start(dir, s -> s.withMetrics(new InetSocketAddress("127.0.0.1", 0))
                .withLimits(64, 1_000_000, 1_000_000));
        TestConnection reader = server.login("bob");
        reader.pauseReading();
        TestConnection sender = server.login("alice");
        // about 12 KB a broadcast: a few thousand are well over the 8 MiB (plus the socket buffers) at which a
        // connection that does not read is cut off
        String text = "\u2713".repeat(Limits.MAX_TEXT_CHARS);
        for (int i = 0; i < 6_000 && !get("/metrics").body().contains("parley_slow_reader_cutoffs_total 1.0"); i += 200) {
            for (int j = 0; j < 200; j++) {
                sender.send(new Request.SendBroadcast(sender.nextId(), text));
            }
            sender.sync();
        }
        await().atMost(TestConnection.WAIT).untilAsserted(() ->
                assertThat(get("/metrics").body()).contains("parley_slow_reader_cutoffs_total 1.0"));
        reader.resumeReading();
        reader.awaitClosed();
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
