package org.parley.e2e.harness;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

/**
 * Parley nodes as processes, the nodes of one cluster: the packaged server jar, each node in a
 * directory of its own (its data, its text logs), all on one PostgreSQL schema made for the test and
 * dropped after it, and a Redis of the test's own as the bus, so the test may kill and restart it.
 * Skips (an assumption, saying why) without {@code PARLEY_PG_URL} or a {@code redis-server} on the path.
 *
 * <p>Not thread-safe: one test thread drives it.
 */
public final class ClusterNodes implements AutoCloseable {

    private final Path dir;
    private final String url;
    private final String user;
    private final String schema = "parley_e2e_" + UUID.randomUUID().toString().replace("-", "");
    private final String[] credentials;
    private final Map<String, ServerProcess> nodes = new LinkedHashMap<>();
    private final List<ServerProcess> stopped = new ArrayList<>();
    private final int busPort;
    private Process bus;

    private ClusterNodes(Path dir, String url, String user, String[] credentials) throws IOException {
        this.dir = dir;
        this.url = url;
        this.user = user;
        this.credentials = credentials;
        this.busPort = freePort();
    }

    /** A cluster of no nodes yet, its schema and its bus up; {@code credentials} as {@code user password} lines. */
    public static ClusterNodes create(Path dir, String... credentials) throws IOException, SQLException {
        String url = System.getenv("PARLEY_PG_URL");
        Assumptions.assumeTrue(url != null && !url.isBlank(),
                "PARLEY_PG_URL is not set: the cluster end-to-end tests are skipped (run .ci/postgres first)");
        Assumptions.assumeTrue(onPath("redis-server"),
                "no redis-server on the PATH: the cluster end-to-end tests, which restart their bus, are skipped");
        ClusterNodes cluster = new ClusterNodes(dir, url, System.getenv("PARLEY_PG_USER"), credentials);
        cluster.execute("CREATE SCHEMA " + cluster.schema);
        cluster.startBus();
        return cluster;
    }

    /** Starts node {@code name} (again, after a kill: the same directory) and waits until it listens. */
    public ServerProcess start(String name) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name));
        ServerProcess.writeCredentials(home, credentials);
        List<String> args = new ArrayList<>(ServerProcess.options(home));
        String separator = url.contains("?") ? "&" : "?";
        args.addAll(List.of("--db-url", url + separator + "currentSchema=" + schema));
        if (user != null && !user.isBlank()) {
            args.addAll(List.of("--db-user", user));
        }
        args.addAll(List.of("--cluster-bus", "redis://127.0.0.1:" + busPort, "--node-id", name, "0"));
        ServerProcess server = ServerProcess.launch(home, args);
        server.awaitListening();
        ServerProcess before = nodes.put(name, server);
        if (before != null) {
            stopped.add(before);
        }
        return server;
    }

    public ServerProcess node(String name) {
        return nodes.get(name);
    }

    /** The node's own directory: its text logs. */
    public Path home(String name) {
        return dir.resolve(name);
    }

    /** SIGKILL of the bus (Redis), then a new one on the same port: the engine restarted. */
    public void restartBus() throws IOException {
        bus.destroyForcibly();
        try {
            bus.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the bus stopped", e);
        }
        startBus();
    }

    private void startBus() throws IOException {
        bus = new ProcessBuilder("redis-server", "--port", Integer.toString(busPort), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no")
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis-" + busPort + ".log").toFile()).start();
        Awaitility.await("redis-server on port " + busPort).atMost(ServerProcess.START_TIMEOUT).until(() -> {
            try (java.net.Socket probe = new java.net.Socket(InetAddress.getLoopbackAddress(), busPort)) {
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    @Override
    public void close() throws SQLException {
        nodes.values().forEach(ServerProcess::close);
        stopped.forEach(ServerProcess::close);
        if (bus != null) {
            bus.destroyForcibly();
        }
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    private void execute(String sql) throws SQLException {
        String password = System.getenv("PARLEY_PG_PASSWORD");
        try (Connection connection = DriverManager.getConnection(url, user, password == null ? "" : password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String entry : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(entry, program))) {
                return true;
            }
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
