package org.parley.bench.bus;

import org.parley.bench.report.ProcCpu;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One engine the benchmark measures: where the buses connect ({@code ClusterBuses.open} arguments) and
 * whose CPU counts as the engine's. NATS and Redis are private processes started on a free port for
 * the run (so that their CPU is ours alone and nothing else shares them), unless the command names an
 * existing one; PostgreSQL is the configured database, and its CPU is that of the backends serving
 * the bus's own connections (found by application_name).
 */
final class EngineTarget implements AutoCloseable {

    final String engine;
    final String busUrl;
    final String dbUrl;
    final String dbUser;
    final String dbPassword;
    final String where;
    private final Process process;
    private ProcCpu cpu;

    private EngineTarget(String engine, String busUrl, String dbUrl, String dbUser, String dbPassword, String where,
            Process process, ProcCpu cpu) {
        this.engine = engine;
        this.busUrl = busUrl;
        this.dbUrl = dbUrl;
        this.dbUser = dbUser;
        this.dbPassword = dbPassword;
        this.where = where;
        this.process = process;
        this.cpu = cpu;
    }

    /** A broker at a given URL (nats://, redis://): its CPU is not measured. */
    static EngineTarget existing(String engine, String url) {
        return new EngineTarget(engine, url, null, null, null, url + " (existing)", null, ProcCpu.none());
    }

    /** A private nats-server or redis-server on a free port, started now; empty if the binary is missing. */
    static Optional<EngineTarget> privateBroker(String engine, Path dir) throws IOException, InterruptedException {
        String binary = engine.equals("nats") ? "nats-server" : "redis-server";
        Optional<Path> path = onPath(binary);
        if (path.isEmpty()) {
            return Optional.empty();
        }
        int port = freePort();
        List<String> command = engine.equals("nats")
                ? List.of(path.get().toString(), "-a", "127.0.0.1", "-p", String.valueOf(port))
                : List.of(path.get().toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
                        "--appendonly", "no", "--dir", dir.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(binary + ".log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!answers(port)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IOException(binary + " did not start on port " + port + ": see " + dir.resolve(binary + ".log"));
            }
            Thread.sleep(20);
        }
        long pid = p.pid();
        return Optional.of(new EngineTarget(engine, engine + "://127.0.0.1:" + port, null, null, null,
                binary + " on port " + port + " (private)", p, new ProcCpu(() -> List.of(pid))));
    }

    /** The node's PostgreSQL; the engine's CPU is found once the buses have connected ({@link #findBackends}). */
    static EngineTarget postgres(String url, String user, String password) {
        return new EngineTarget("postgres", "postgres", url, user, password, url.replaceFirst("\\?.*", ""), null,
                ProcCpu.none());
    }

    /** PostgreSQL: the backends of the bus connections named after this run's nodes (local servers only). */
    void findBackends(String nodePrefix) throws SQLException {
        if (!engine.equals("postgres")) {
            return;
        }
        List<Long> pids = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(dbUrl, dbUser, dbPassword);
                PreparedStatement q = c.prepareStatement(
                        "SELECT pid FROM pg_stat_activity WHERE application_name LIKE ?")) {
            q.setString(1, "parley-bus-%-" + nodePrefix + "%");
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    pids.add(rs.getLong(1));
                }
            }
        }
        boolean local = pids.stream().allMatch(pid -> Files.exists(Path.of("/proc", String.valueOf(pid))));
        List<Long> found = List.copyOf(pids);
        cpu = local ? new ProcCpu(() -> found) : ProcCpu.none();
    }

    /** CPU seconds of the engine so far, NaN when not measured. */
    double cpuSeconds() {
        return cpu.seconds();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    static boolean answers(int port) {
        return answers("127.0.0.1", port);
    }

    static boolean answers(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String d : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(d, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
