package org.parley.client.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.parley.client.api.ParleyClient;
import org.parley.server.ParleyServer;
import org.parley.server.ServerSettings;

/**
 * The real server on an ephemeral loopback port with its files in a temporary directory, cheap password
 * hashing, and the accounts yoda/jedi, luke/force, leia/rebel, vader/dark. Start it through
 * {@link TestServers}, which stops it after the test.
 */
public final class TestServer implements AutoCloseable {

    public static final ZoneId ZONE = ZoneId.of("Australia/Sydney");

    public static final String ACCOUNTS = "yoda jedi\nluke force\nleia rebel\nvader dark\n";

    private final Path dir;
    private final ServerSettings settings;
    private final int port;
    private volatile ParleyServer server;
    /** Guarded by this: the server is running (not stopped by the test). */
    private boolean up = true;

    private TestServer(Path dir, ServerSettings settings, ParleyServer server) {
        this.dir = dir;
        this.settings = settings;
        this.server = server;
        this.port = server.port();
    }

    static TestServer start(Path dir) throws IOException, InterruptedException {
        return start(dir, UnaryOperator.identity());
    }

    static TestServer start(Path dir, UnaryOperator<ServerSettings> adjust) throws IOException, InterruptedException {
        return start(dir, ACCOUNTS, adjust);
    }

    static TestServer start(Path dir, String accounts, UnaryOperator<ServerSettings> adjust)
            throws IOException, InterruptedException {
        Files.writeString(dir.resolve("credentials.txt"), accounts, StandardCharsets.UTF_8);
        ServerSettings settings = adjust.apply(ServerSettings.forTesting(dir).withZone(ZONE));
        return new TestServer(dir, settings, ParleyServer.start(settings));
    }

    /** The port it listens on, the same after {@link #startAgain()}. */
    public int port() {
        return port;
    }

    /** A clean stop (as SIGTERM): clients hear that the server is shutting down. */
    public synchronized void stop() {
        if (up) {
            up = false;
            server.close();
        }
    }

    /** Starts again after {@link #stop()}, on the same files and the same port. */
    public synchronized void startAgain() throws IOException, InterruptedException {
        server = ParleyServer.start(settings.withBind(new InetSocketAddress("127.0.0.1", port)));
        up = true;
    }

    public Path dir() {
        return dir;
    }

    public ParleyClient connect() throws Exception {
        return ParleyClient.connect("127.0.0.1", port()).get(10, TimeUnit.SECONDS);
    }

    /** A connected client logged in as {@code user}. */
    public ParleyClient login(String user, String password) throws Exception {
        ParleyClient client = connect();
        client.loginUser(user).get(10, TimeUnit.SECONDS);
        client.loginPassword(password, 0, 0).get(10, TimeUnit.SECONDS);
        return client;
    }

    public int onlineCount() {
        return server.core().onlineCount();
    }

    public static Duration patience() {
        return Duration.ofSeconds(10);
    }

    /** Idempotent: a test may stop the server itself to see what clients make of it. */
    @Override
    public void close() {
        stop();
    }
}
