package org.parley.server.storage;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link StoreStatus} a test drives by hand, as the writer would: commits, failures, and probes
 * counted instead of written.
 */
public final class StoreStatusFixture {

    private final AtomicInteger probes = new AtomicInteger();
    private final StoreStatus status = new StoreStatus(() -> 0, () -> {
        probes.incrementAndGet();
        return new CompletableFuture<>(); // in flight until the test says otherwise
    });

    public StoreStatus status() {
        return status;
    }

    public void commit(long nanos) {
        status.committed(nanos);
    }

    public void fail(Exception cause) {
        status.failed(cause);
    }

    public int probes() {
        return probes.get();
    }
}
