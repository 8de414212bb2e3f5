package org.parley.e2e.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.client.api.ParleyClient;
import org.parley.client.api.ReceivedMessages;
import org.parley.client.connection.ServerSecurity;
import org.parley.e2e.harness.ServerProcess;
import org.parley.protocol.Response;
import org.parley.tls.Fingerprint;

/**
 * Issue 15: a clean stop that cannot finish (the database holds the store's writer on a lock) is given
 * up on after {@code --shutdown-timeout}: the server exits 1 and says where it was stuck, and the write
 * it could not commit was never acknowledged. Needs PostgreSQL ({@code PARLEY_PG_URL}, {@code
 * PARLEY_PG_USER}, {@code PARLEY_PG_PASSWORD}); the server runs in a schema of its own, dropped afterwards.
 */
class ShutdownTimeoutE2ETest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String URL = System.getenv("PARLEY_PG_URL");
    private static final String USER = System.getenv().getOrDefault("PARLEY_PG_USER", "postgres");
    private static final String PASSWORD = System.getenv().getOrDefault("PARLEY_PG_PASSWORD", "");

    @TempDir
    Path dir;
    private final String schema = "parley_e2e_" + UUID.randomUUID().toString().replace("-", "");
    private EventLoopGroup group;
    private ServerProcess server;
    private ParleyClient client;
    private Connection locker;

    @AfterEach
    void tearDown() throws SQLException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        if (locker != null) {
            locker.rollback();
            locker.close();
        }
        if (URL != null) {
            execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void aStopThatCannotCommitIsGivenUpOnAtTheTimeoutWithStatusOneAndWhereItWasStuck() throws Exception {
        assumeThat(URL).as("PARLEY_PG_URL is not set: this test needs PostgreSQL; skipped").isNotNull();
        execute("CREATE SCHEMA " + schema);
        ServerProcess.writeCredentials(dir, "yoda jedi", "luke force");
        String url = URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        server = ServerProcess.start(dir, "--db-url", url, "--db-user", USER, "--shutdown-timeout", "2", "0");
        group = new NioEventLoopGroup(1);
        client = ParleyClient.connect("127.0.0.1", server.port(), group, ParleyClient.DEFAULT_REQUEST_TIMEOUT,
                new ReceivedMessages(), ServerSecurity.pinned(Fingerprint.parse(server.fingerprint())))
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        client.loginUser("yoda").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        client.loginPassword("jedi", 0, 0).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        client.message("luke", "kept").get(WAIT.toSeconds(), TimeUnit.SECONDS);

        // every transaction of the writer updates store_state: holding it locked holds the writer
        locker = DriverManager.getConnection(URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema, USER,
                PASSWORD);
        locker.setAutoCommit(false);
        try (Statement lock = locker.createStatement()) {
            lock.execute("LOCK TABLE store_state IN ACCESS EXCLUSIVE MODE");
        }
        CompletableFuture<Response.MessageSent> stuck = client.message("luke", "never committed");
        await().atMost(WAIT).until(() -> waitingOnTheLock() > 0);

        server.terminate();

        assertThat(server.awaitExit(WAIT)).as("exit status of a stop given up on").isEqualTo(1);
        assertThat(server.err().entries()).anyMatch(l -> l.startsWith("Error. The shutdown did not finish within 2 s"
                + " (--shutdown-timeout; stuck in storage.GroupCommitWriter.close)"));
        assertThat(server.out().entries()).doesNotContain("Parley server stopped");
        // the client hears of the closed connection on its own loop
        await().atMost(WAIT).until(stuck::isDone);
        assertThat(stuck).as("the write that was not committed was never acknowledged").isCompletedExceptionally();
    }

    /** Sessions of the test's database waiting for a lock: the writer, once it reached store_state. */
    private int waitingOnTheLock() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
                Statement s = c.createStatement();
                var rows = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                        + " AND query LIKE '%store_state%'")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
