package org.parley.e2e.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged server as a child process, run in its own directory with the cheap test hash cost. It
 * is ready once it prints its listening line, which also carries the port it got for port 0.
 */
public final class ServerProcess implements AutoCloseable {

    public static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("^Parley server listening on .*:(\\d+) \\(.*");
    private static final Pattern FINGERPRINT = Pattern.compile("^TLS certificate fingerprint: (SHA256:[A-Za-z0-9+/]{43}).*");
    /** The fingerprint each running server printed, by port: what {@link ClientProcess} pins. */
    private static final Map<Integer, String> FINGERPRINTS = new ConcurrentHashMap<>();

    private final Process process;
    private final OutputLog out;
    private final OutputLog err;
    private final Path dir;
    private final boolean tls;
    private int port;
    private String fingerprint;

    private ServerProcess(Process process, Path dir, boolean tls) {
        this.process = process;
        this.tls = tls;
        this.dir = dir;
        this.out = OutputLog.collect(process.getInputStream(), Set.of(), "server-out");
        this.err = OutputLog.collect(process.getErrorStream(), Set.of(), "server-err");
    }

    public static Path jar() {
        return Java.jar("parley.server.jar", "../server/target/parley-server.jar");
    }

    /**
     * The standard options for a test server in {@code dir}: data in {@code dir/data}, logs in
     * {@code dir}, accounts in {@code dir/credentials.txt}, logins and registrations not throttled below what tests need.
     */
    public static List<String> options(Path dir) {
        return List.of("--hash-cost", "testing", "--data-dir", dir.resolve("data").toString(),
                "--log-dir", dir.toString(), "--credentials", dir.resolve("credentials.txt").toString(),
                "--login-rate", "100", "--registration-rate", "1000", "--web-port", "0");
    }

    /** Writes {@code credentials.txt} in {@code dir} with these {@code user password} lines. */
    public static void writeCredentials(Path dir, String... lines) throws IOException {
        Files.write(dir.resolve("credentials.txt"), List.of(lines), StandardCharsets.UTF_8);
    }

    /** Launches with {@link #options} plus {@code positional}, and waits until it listens. */
    public static ServerProcess start(Path dir, String... positional) throws IOException {
        List<String> args = new ArrayList<>(options(dir));
        args.addAll(List.of(positional));
        ServerProcess server = launch(dir, args);
        server.awaitListening();
        return server;
    }

    /** Launches with exactly {@code args}, without waiting for anything. */
    public static ServerProcess launch(Path dir, List<String> args) throws IOException {
        Process process = new ProcessBuilder(Java.command(jar(), args)).directory(dir.toFile()).start();
        process.getOutputStream().close();
        return new ServerProcess(process, dir, !args.contains("--no-tls"));
    }

    void awaitListening() {
        String line;
        try {
            line = out.await(l -> LISTENING.matcher(l).matches(), "the listening line", START_TIMEOUT);
        } catch (AssertionError e) {
            process.destroyForcibly();
            throw new AssertionError(e.getMessage() + "\nstderr:\n  " + String.join("\n  ", err.entries()), e);
        }
        Matcher m = LISTENING.matcher(line);
        if (!m.matches()) {
            throw new AssertionError("Unreadable listening line: " + line);
        }
        port = Integer.parseInt(m.group(1));
        if (tls) {
            Matcher f = FINGERPRINT.matcher(out.await(l -> FINGERPRINT.matcher(l).matches(), "the fingerprint line",
                    START_TIMEOUT));
            if (!f.matches()) {
                throw new AssertionError("Unreadable fingerprint line");
            }
            fingerprint = f.group(1);
            FINGERPRINTS.put(port, fingerprint);
        }
    }

    /** The SHA-256 fingerprint the server printed at start; null for a server run with --no-tls. */
    public String fingerprint() {
        return fingerprint;
    }

    /** The fingerprint of the running test server on {@code port}, if one printed it. */
    static String fingerprintOf(int port) {
        return FINGERPRINTS.get(port);
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    public OutputLog out() {
        return out;
    }

    public OutputLog err() {
        return err;
    }

    /** SIGKILL: no shutdown hook, no flush; the crash of SPEC 8. */
    public void kill() {
        if (fingerprint != null) {
            FINGERPRINTS.remove(port, fingerprint);
        }
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(20));
    }

    /**
     * SIGTERM, as a service manager stops a server, without waiting: {@link #awaitExit} gives the status.
     * Through the process handle, not {@link Process#destroy}, which also closes our ends of the output
     * pipes: what the server prints while it stops would be lost.
     */
    public void terminate() {
        if (fingerprint != null) {
            FINGERPRINTS.remove(port, fingerprint);
        }
        process.toHandle().destroy();
    }

    /** Waits for the process to end; its exit status. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("The server did not exit within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
        out.awaitEnd(timeout);
        err.awaitEnd(timeout);
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** A clean stop (SIGTERM, shutdown hook), forced if it takes too long. */
    @Override
    public void close() {
        if (fingerprint != null) {
            FINGERPRINTS.remove(port, fingerprint);
        }
        if (!process.isAlive()) {
            return;
        }
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
}
