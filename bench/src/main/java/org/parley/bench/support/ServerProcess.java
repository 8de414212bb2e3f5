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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Parley server in its own JVM ({@code ServerMain} from this JVM's class path), with every
 * per-address limit raised, so that its memory and CPU are its own and not the load generator's.
 */
public final class ServerProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on [^:]+:(\\d+)");
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");
    private static final long CLOCK_TICKS_PER_SECOND = 100;
    private static final int STARTUP_SECONDS = 60;
    /** High enough that the server's per-session and per-address limits never shape a benchmark. */
    private static final String MAX_RATE = "1000000";

    private final Process process;
    private final int port;

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * The JVM options the {@code parley} launcher starts a server with (kept equal by
     * {@code ServerProcessTest}), so a benchmarked server is sized as a launched one is.
     */
    public static final List<String> LAUNCHER_JVM_OPTIONS = List.of(
            "-XX:MaxHeapFreeRatio=20", "-XX:MinHeapFreeRatio=10", "-XX:G1PeriodicGCInterval=30000");

    /** Starts a server with its files under {@code dir}; {@code hashCost} is production, testing or m=..,t=..,p=... */
    public static ServerProcess start(Path dir, String hashCost, List<String> jvmOptions) throws IOException {
        return start(dir, hashCost, jvmOptions, 0);
    }

    /** Like {@link #start(Path, String, List)}, with the web client on {@code webPort} (0: none). */
    public static ServerProcess start(Path dir, String hashCost, List<String> jvmOptions, int webPort) throws IOException {
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(LAUNCHER_JVM_OPTIONS);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.parley.server.ServerMain",
                "--hash-cost", hashCost, "--max-connections-per-address", "1000000", "--command-rate", MAX_RATE,
                "--login-rate", MAX_RATE, "--registration-rate", MAX_RATE, "--bind", "127.0.0.1", "--quiet", "--port", "0", "--web-port", String.valueOf(webPort)));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.PIPE).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> drain(process, port), "server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ServerProcess(process, port.get(STARTUP_SECONDS, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while the server started", e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IOException("the server did not start: " + e.getMessage(), e);
        }
    }

    /** Echoes the server's output (errors matter in a benchmark) and picks the port from its banner. */
    private static void drain(Process process, CompletableFuture<Integer> port) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                Matcher m = LISTENING.matcher(line);
                if (!port.isDone() && m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                } else {
                    System.err.println("[server] " + line);
                }
            }
        } catch (IOException e) {
            port.completeExceptionally(e);
        }
        try {
            port.completeExceptionally(new IOException("the server exited with " + process.waitFor()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            port.completeExceptionally(e);
        }
    }

    public int port() {
        return port;
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
        Matcher m = HEAP_USED.matcher(jcmd("GC.heap_info"));
        if (!m.find()) {
            throw new IOException("cannot read the heap size of " + pid());
        }
        return Long.parseLong(m.group(1));
    }

    /** User + system CPU seconds the server has used since it started. */
    public double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid()), "stat"));
        // fields after the parenthesised command name: state is field 3, utime 14, stime 15
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLOCK_TICKS_PER_SECOND;
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
