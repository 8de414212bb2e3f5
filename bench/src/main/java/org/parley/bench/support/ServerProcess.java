package org.parley.bench.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.parley.client.connection.ServerSecurity;
import org.parley.tls.Fingerprint;
import org.parley.tls.PinnedTrustManager;
import org.parley.tls.TlsContexts;

/**
 * A real Parley server in its own JVM ({@code ServerMain} from this JVM's class path), with every
 * per-address limit raised, so that its memory and CPU are its own and not the load generator's.
 */
public final class ServerProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on [^:]+:(\\d+)");
    private static final Pattern FINGERPRINT = Pattern.compile("^TLS certificate fingerprint: (SHA256:[A-Za-z0-9+/]{43})");
    private static final Pattern HEAP_USED = Pattern.compile("(?:heap|generation)\\s+total \\d+K, used (\\d+)K");
    private static final int STARTUP_SECONDS = 60;
    /** High enough that the server's per-session and per-address limits never shape a benchmark. */
    private static final String MAX_RATE = "1000000";

    private final Process process;
    private final int port;
    private final Endpoint endpoint;

    private ServerProcess(Process process, int port, Endpoint endpoint) {
        this.process = process;
        this.port = port;
        this.endpoint = endpoint;
    }

    /**
     * The JVM options the {@code parley} launcher starts a server with (kept equal by
     * {@code ServerProcessTest}), so a benchmarked server is sized as a launched one is.
     */
    public static final List<String> LAUNCHER_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xms48m", "-XX:NewSize=32m", "-XX:MaxNewSize=32m",
            "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20", "-XX:MetaspaceSize=32m",
            "-XX:TrimNativeHeapInterval=2000", "-Dio.netty.allocator.maxOrder=7");

    /** The environment the launcher adds for a server (unless already set), kept equal the same way. */
    public static final Map<String, String> LAUNCHER_ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

    /** Starts a server with its files under {@code dir}; {@code hashCost} is production, testing or m=..,t=..,p=... */
    public static ServerProcess start(Path dir, String hashCost, List<String> jvmOptions) throws IOException {
        return start(dir, hashCost, jvmOptions, true, 0);
    }

    /** As {@link #start(Path, String, List)}, over TLS (as by default) or plain TCP ({@code --no-tls}). */
    public static ServerProcess start(Path dir, String hashCost, List<String> jvmOptions, boolean tls)
            throws IOException {
        return start(dir, hashCost, jvmOptions, tls, 0);
    }

    /**
     * With the web client on {@code webPort} (0: none), plain ({@code --no-tls}): the web scenarios compare
     * a WebSocket session with a TCP session, both without TLS.
     */
    public static ServerProcess start(Path dir, String hashCost, List<String> jvmOptions, int webPort) throws IOException {
        return start(dir, hashCost, jvmOptions, false, webPort);
    }

    /**
     * As {@link #start(Path, String, List, boolean)}, with {@code serverArgs} added to the server's command
     * line: a PostgreSQL store ({@code --db-url ...}), a cluster node ({@code --cluster-bus ... --node-id ...}).
     */
    public static ServerProcess start(Path dir, String hashCost, List<String> jvmOptions, boolean tls,
                                      List<String> serverArgs) throws IOException {
        return start(dir, hashCost, jvmOptions, tls, 0, serverArgs);
    }

    private static ServerProcess start(Path dir, String hashCost, List<String> jvmOptions, boolean tls, int webPort)
            throws IOException {
        return start(dir, hashCost, jvmOptions, tls, webPort, List.of());
    }

    private static ServerProcess start(Path dir, String hashCost, List<String> jvmOptions, boolean tls, int webPort,
                                       List<String> serverArgs) throws IOException {
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(LAUNCHER_JVM_OPTIONS);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.parley.server.ServerMain",
                "--hash-cost", hashCost, "--max-connections-per-address", "1000000", "--command-rate", MAX_RATE,
                "--login-rate", MAX_RATE, "--registration-rate", MAX_RATE, "--bind", "127.0.0.1", "--quiet", "--port", "0",
                "--web-port", String.valueOf(webPort)));
        if (!tls) {
            command.add("--no-tls");
        }
        command.addAll(serverArgs);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        LAUNCHER_ENVIRONMENT.forEach((name, value) -> builder.environment().putIfAbsent(name, value));
        Process process = builder.start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        CompletableFuture<String> fingerprint = new CompletableFuture<>();
        if (!tls) {
            fingerprint.complete(null);
        }
        Thread reader = new Thread(() -> drain(process, port, fingerprint), "server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            int listening = port.get(STARTUP_SECONDS, TimeUnit.SECONDS);
            String printed = fingerprint.get(STARTUP_SECONDS, TimeUnit.SECONDS);
            return new ServerProcess(process, listening, endpoint(listening, printed));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while the server started", e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IOException("the server did not start: " + e.getMessage(), e);
        }
    }

    private static Endpoint endpoint(int port, String fingerprint) throws IOException {
        if (fingerprint == null) {
            return new Endpoint(port, null, ServerSecurity.plain());
        }
        Fingerprint pin = Fingerprint.parse(fingerprint);
        return new Endpoint(port, TlsContexts.client(PinnedTrustManager.of(pin)), ServerSecurity.pinned(pin));
    }

    /** Echoes the server's output (errors matter in a benchmark); picks the port and fingerprint from its banner. */
    private static void drain(Process process, CompletableFuture<Integer> port, CompletableFuture<String> fingerprint) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                Matcher m = LISTENING.matcher(line);
                Matcher f = FINGERPRINT.matcher(line);
                if (!port.isDone() && m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                } else if (!fingerprint.isDone() && f.find()) {
                    fingerprint.complete(f.group(1));
                } else {
                    System.err.println("[server] " + line);
                }
            }
        } catch (IOException e) {
            port.completeExceptionally(e);
        }
        try {
            IOException exited = new IOException("the server exited with " + process.waitFor());
            port.completeExceptionally(exited);
            fingerprint.completeExceptionally(exited);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            port.completeExceptionally(e);
        }
    }

    public int port() {
        return port;
    }

    /** How clients reach this server: its port, over TLS pinned to its fingerprint unless started plain. */
    public Endpoint endpoint() {
        return endpoint;
    }

    public long pid() {
        return process.pid();
    }

    /** Resident set size from /proc, in KiB. */
    public long residentKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IOException("no VmRSS for " + pid());
    }

    /** Heap in use after a full collection (jcmd GC.run, then GC.heap_info), in KiB. */
    public long liveHeapKiB() throws IOException, InterruptedException {
        jcmd("GC.run");
        // G1 reports one heap; the serial collector (the launcher's) a young and an old generation
        Matcher m = HEAP_USED.matcher(jcmd("GC.heap_info"));
        long used = 0;
        boolean found = false;
        while (m.find()) {
            used += Long.parseLong(m.group(1));
            found = true;
        }
        if (!found) {
            throw new IOException("cannot read the heap size of " + pid());
        }
        return used;
    }

    /** User + system CPU seconds the server has used since it started. */
    public double cpuSeconds() throws IOException {
        return ProcStat.cpuSeconds(pid());
    }

    /** Runs a jcmd diagnostic command against the server and returns its output. */
    public String jcmd(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(jcmdPath(), String.valueOf(pid())));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("jcmd " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    /** As {@link #jcmd}, or null when the command fails (e.g. native memory tracking is off). */
    public String jcmdOrNull(String... args) throws InterruptedException {
        try {
            return jcmd(args);
        } catch (IOException e) {
            return null;
        }
    }

    private static String jcmdPath() {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path sibling = Path.of(java).resolveSibling("jcmd");
        return Files.isExecutable(sibling) ? sibling.toString() : "jcmd";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Removes a scratch directory tree. */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
