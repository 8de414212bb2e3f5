package org.parley.e2e.harness;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The packaged client as a child process in scripted mode (standard input is a pipe): a test types
 * lines and waits for the lines and prompts a person would see.
 */
public final class ClientProcess implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(20);
    public static final String USERNAME = "Username: ";
    public static final String PASSWORD = "Password: ";
    public static final String NEW_PASSWORD = "This is a new user. Enter a password: ";

    private final Process process;
    private final Writer in;
    private final OutputLog out;
    private final OutputLog err;
    private final String name;

    private ClientProcess(Process process, String name) {
        this.process = process;
        this.name = name;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.out = OutputLog.collect(process.getInputStream(), Set.of(USERNAME, PASSWORD, NEW_PASSWORD), name + "-out");
        this.err = OutputLog.collect(process.getErrorStream(), Set.of(), name + "-err");
    }

    public static Path jar() {
        return Java.jar("parley.client.jar", "../client/target/parley-client.jar");
    }

    /** Starts a client of the server on {@code port} in {@code dir}; {@code name} labels its output threads. */
    public static ClientProcess start(Path dir, String name, int port, String... extraArgs) throws IOException {
        List<String> args = new ArrayList<>(List.of(extraArgs));
        args.add("127.0.0.1");
        args.add(Integer.toString(port));
        return startWith(dir, name, args);
    }

    /**
     * Starts a client with these arguments (for forms the server address cannot come last in). When they
     * name the port of a running test server that printed its fingerprint, and choose no trust of their
     * own, {@code --server-fingerprint} pins it: over TLS, with no known-servers file involved.
     */
    public static ClientProcess startWith(Path dir, String name, List<String> args) throws IOException {
        List<String> all = new ArrayList<>();
        boolean ownTrust = args.stream().anyMatch(a -> a.equals("--no-tls") || a.equals("--known-servers")
                || a.equals("--server-fingerprint") || a.equals("--tls-ca"));
        if (!ownTrust) {
            args.stream().filter(a -> a.matches("\\d{1,5}")).map(a -> ServerProcess.fingerprintOf(Integer.parseInt(a)))
                    .filter(java.util.Objects::nonNull).findFirst()
                    .ifPresent(f -> all.addAll(List.of("--server-fingerprint", f)));
        }
        all.addAll(args);
        Process process = new ProcessBuilder(Java.clientCommand(jar(), all)).directory(dir.toFile()).start();
        return new ClientProcess(process, name);
    }

    /** The operating-system process, to pause or resume it. */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** Starts a client and logs in as {@code user} through the prompts, up to the welcome line. */
    public static ClientProcess login(Path dir, int port, String user, String password) throws IOException {
        ClientProcess client = start(dir, user, port);
        client.expect(USERNAME).type(user).expect(PASSWORD).type(password).expect("Welcome to Parley, " + user + "!");
        return client;
    }

    /** Types one line, as a person pressing Enter. */
    public ClientProcess type(String line) {
        try {
            in.write(line + "\n");
            in.flush();
        } catch (IOException e) {
            throw new AssertionError(name + ": cannot type '" + line + "': " + e.getMessage() + "; output:\n  "
                    + String.join("\n  ", out.entries()), e);
        }
        return this;
    }

    /** Waits for exactly this line (or prompt) among what was printed since the last match. */
    public ClientProcess expect(String exact) {
        out.await(exact::equals, name + " to print '" + exact + "'", WAIT);
        return this;
    }

    /** Waits for a line that matches; returns it. */
    public String awaitLine(Predicate<String> matches, String description, Duration timeout) {
        return out.await(matches, name + " to print " + description, timeout);
    }

    public String awaitLine(String exact, Duration timeout) {
        return out.await(exact::equals, name + " to print '" + exact + "'", timeout);
    }

    /** The next {@code count} lines, whatever they are (for whole responses such as ATU). */
    public List<String> nextLines(int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(out.await(l -> true, name + " to print line " + (i + 1) + " of " + count, WAIT));
        }
        return lines;
    }

    public OutputLog out() {
        return out;
    }

    /** What the client wrote to standard error. */
    public OutputLog err() {
        return err;
    }

    /** Ends standard input, as a script whose file ran out. */
    public void endInput() {
        try {
            in.close();
        } catch (IOException e) {
            // the process has already gone; nothing to end
        }
    }

    /** Waits for the process to exit and returns its status. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " did not exit within " + timeout + "; output:\n  "
                        + String.join("\n  ", out.entries()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
        out.awaitEnd(timeout);
        err.awaitEnd(timeout);
        return process.exitValue();
    }

    public int awaitExit() {
        return awaitExit(WAIT);
    }

    /** SIGKILL of the client: an abrupt disconnect as the server sees it. */
    public void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    public String name() {
        return name;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
