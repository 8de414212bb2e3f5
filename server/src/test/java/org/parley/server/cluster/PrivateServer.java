package org.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A broker process of the test's own on a free loopback port (never the shared one on the standard
 * port), so that the test can kill and restart it. Skips the test when the binary is not installed.
 */
final class PrivateServer implements AutoCloseable {

    private final List<String> command;
    private final int port;
    private final Path logFile;
    private Process process;

    private PrivateServer(List<String> command, int port, Path logFile) {
        this.command = command;
        this.port = port;
        this.logFile = logFile;
    }

    /** {@code nats-server -a 127.0.0.1 -p PORT}. */
    static PrivateServer nats(Path dir) throws IOException {
        Path binary = binary("nats-server");
        int port = Engines.freePort();
        return new PrivateServer(List.of(binary.toString(), "-a", "127.0.0.1", "-p", String.valueOf(port)), port,
                dir.resolve("nats-server.log"));
    }

    /** {@code redis-server --port PORT --save ''} (and nothing on disk but in the test's directory). */
    static PrivateServer redis(Path dir) throws IOException {
        Path binary = binary("redis-server");
        int port = Engines.freePort();
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        return new PrivateServer(command, port, dir.resolve("redis-server.log"));
    }

    private static Path binary(String name) {
        Optional<Path> found = Engines.onPath(name);
        assumeTrue(found.isPresent(), name + " is not installed (not on PATH): its restart test is skipped");
        return found.get();
    }

    int port() {
        return port;
    }

    /** Starts the process and waits until it accepts connections. */
    void start() throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
            assertThat(process.isAlive()).as("%s still running (log: %s)", command.get(0), read()).isTrue();
            return Engines.answers("127.0.0.1", port);
        });
    }

    /** SIGKILL, as a crashed machine would: no goodbye to the clients. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    private String read() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
