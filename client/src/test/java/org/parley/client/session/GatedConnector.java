package org.parley.client.session;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.parley.client.api.ParleyClient;
import org.parley.client.api.ReceivedMessages;
import org.parley.client.testing.TestServer;

/**
 * Connects to a test server's port, unless the test has closed the gate: then every attempt fails as
 * if nothing listened, so a test decides when a reconnecting session may get through (no sleeps).
 */
final class GatedConnector implements ServerConnector {

    private final TestServer server;
    private volatile boolean open = true;
    final AtomicInteger attempts = new AtomicInteger();

    GatedConnector(TestServer server) {
        this.server = server;
    }

    void close() {
        open = false;
    }

    void open() {
        open = true;
    }

    @Override
    public CompletableFuture<ParleyClient> connect(ReceivedMessages received) {
        attempts.incrementAndGet();
        if (!open) {
            return CompletableFuture.failedFuture(new ConnectException("the test holds the gate closed"));
        }
        return ParleyClient.connect("127.0.0.1", server.port(), null, Duration.ofSeconds(10), received, server.security());
    }
}
