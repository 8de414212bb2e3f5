package org.parley.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.parley.protocol.Request;
import org.parley.protocol.Response;
import org.parley.server.ParleyServer;
import org.parley.server.ServerSettings;
import org.parley.server.core.store.Store;

/**
 * A real server on an ephemeral loopback port with files under a temporary directory, and the
 * connections a test opened to it. Each connection comes from its own loopback address (127.0.0.2,
 * 127.0.0.3, ...) so that the per-address login throttle does not couple unrelated logins.
 */
public final class TestServer implements AutoCloseable {

    /** Accounts every test server starts with (clear passwords, as the original systems shipped them). */
    public static final String CREDENTIALS = """
            alice alicepw
            bob bobpw
            carol carolpw
            dave davepw
            erin erinpw
            """;

    private final Path dir;
    private final ServerSettings settings;
    private final UnaryOperator<Store> storeView;
    private final List<TestConnection> connections = new ArrayList<>();
    private ParleyServer server;
    private int nextHost = 2;

    private TestServer(Path dir, ServerSettings settings, UnaryOperator<Store> storeView)
            throws IOException, InterruptedException {
        this.dir = dir;
        this.settings = settings;
        this.storeView = storeView;
        this.server = ParleyServer.start(settings, storeView);
    }

    public static TestServer start(Path dir) throws IOException, InterruptedException {
        return start(dir, UnaryOperator.identity());
    }

    public static TestServer start(Path dir, UnaryOperator<ServerSettings> tweak) throws IOException, InterruptedException {
        return start(dir, tweak, UnaryOperator.identity());
    }

    /** With the store seen through {@code storeView}, to inject faults (see {@link FaultyStore}). */
    public static TestServer start(Path dir, UnaryOperator<ServerSettings> tweak, UnaryOperator<Store> storeView)
            throws IOException, InterruptedException {
        Path credentials = dir.resolve("credentials.txt");
        if (!Files.exists(credentials)) {
            Files.writeString(credentials, CREDENTIALS, StandardCharsets.UTF_8);
        }
        return new TestServer(dir, tweak.apply(ServerSettings.forTesting(dir)), storeView);
    }

    public Path dir() {
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    public ParleyServer server() {
        return server;
    }

    /** Stops and starts again on the same files (a new port); open connections are dropped. */
    public void restart() throws IOException, InterruptedException {
        closeConnections();
        server.close();
        server = ParleyServer.start(settings, storeView);
    }

    /** A new connection from the next loopback address. */
    public TestConnection connect() throws IOException {
        return connectFrom("127.0." + (nextHost / 250) + "." + (nextHost++ % 250 + 1));
    }

    public TestConnection connectFrom(String localIp) throws IOException {
        TestConnection c = new TestConnection(server.address(), localIp, server.fingerprint().orElse(null));
        connections.add(c);
        return c;
    }

    /** A connection logged in as {@code user} with its password from {@link #CREDENTIALS}. */
    public TestConnection login(String user) throws IOException {
        return login(user, 0, 0);
    }

    public TestConnection login(String user, int udpPort, int privatePort) throws IOException {
        TestConnection c = connect();
        Response r = c.login(user, user + "pw", udpPort, privatePort);
        assertThat(r).as("login of %s", user).isInstanceOf(Response.LoggedIn.class);
        return c;
    }

    /**
     * Registers a fresh account (registration is on by default) and returns its logged-in connection,
     * so tests sharing one server never share users. The password is the name followed by "pw".
     */
    public TestConnection register(String user) throws IOException {
        return register(user, 0, 0);
    }

    public TestConnection register(String user, int udpPort, int privatePort) throws IOException {
        TestConnection c = connect();
        c.hello();
        Response prompt = c.request(new Request.LoginUser(c.nextId(), user));
        assertThat(prompt).as("prompt for new user %s", user)
                .isEqualTo(new Response.LoginPrompt(prompt instanceof Response.LoginPrompt p ? p.id() : -1,
                        Response.LoginPrompt.Prompt.NEW_PASSWORD));
        Response r = c.request(new Request.LoginPassword(c.nextId(), user + "pw", udpPort, privatePort));
        assertThat(r).as("registration of %s", user).isInstanceOf(Response.LoggedIn.class);
        return c;
    }

    /** Drops every connection and waits until the core has logged them all out. */
    public void disconnectAll() throws IOException {
        closeConnections();
        await().atMost(TestConnection.WAIT).until(() -> server.core().onlineCount() == 0);
    }

    private void closeConnections() throws IOException {
        for (TestConnection c : connections) {
            c.close();
        }
        connections.clear();
    }

    @Override
    public void close() throws IOException {
        closeConnections();
        server.close();
    }
}
