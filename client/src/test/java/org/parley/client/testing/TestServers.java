package org.parley.client.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.parley.server.ServerSettings;

/**
 * Real servers for a test class ({@code @RegisterExtension static final TestServers servers = ...}).
 * A server takes seconds to stop (its event loops wait out a quiet period), so each test's server is
 * stopped in the background while the next test runs; the class waits for all of them at its end and
 * then deletes their directories.
 */
public final class TestServers implements AfterEachCallback, AfterAllCallback {

    private final List<TestServer> running = new ArrayList<>();
    private final List<CompletableFuture<Void>> stopping = new ArrayList<>();
    private final List<Path> dirs = new ArrayList<>();

    public synchronized TestServer start() throws IOException, InterruptedException {
        return start(UnaryOperator.identity());
    }

    public synchronized TestServer start(UnaryOperator<ServerSettings> adjust) throws IOException, InterruptedException {
        return start(TestServer.ACCOUNTS, adjust);
    }

    /** A server with these accounts ({@code user password} lines) instead of the usual four. */
    public synchronized TestServer start(String accounts, UnaryOperator<ServerSettings> adjust)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("parley-client-test");
        dirs.add(dir);
        TestServer server = TestServer.start(dir, accounts, adjust);
        running.add(server);
        return server;
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        for (TestServer server : running) {
            CompletableFuture<Void> stopped = new CompletableFuture<>();
            Thread stopper = new Thread(() -> {
                try {
                    server.close();
                    stopped.complete(null);
                } catch (RuntimeException e) {
                    stopped.completeExceptionally(e);
                }
            }, "stop-test-server");
            stopper.setDaemon(true);
            stopper.start();
            stopping.add(stopped);
        }
        running.clear();
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) throws IOException {
        CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new)).join();
        for (Path dir : dirs) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
