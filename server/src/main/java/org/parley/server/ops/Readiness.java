package org.parley.server.ops;

import java.util.Optional;
import org.parley.server.storage.StoreStatus;

/**
 * Whether this server should be given new users, as a load balancer asks it ({@code /ready}): only
 * while it accepts connections, is not draining for a shutdown, and its store commits. Liveness
 * ({@code /health}) is not asked here: answering at all is the answer.
 *
 * <p>Concurrency: the server's start and close set the flags, the operator port's I/O thread reads
 * them; they are volatile and each is set once in one direction, so no lock is needed.
 */
public final class Readiness {

    private final StoreStatus store;
    private volatile boolean accepting;
    private volatile boolean draining;

    public Readiness(StoreStatus store) {
        this.store = store;
    }

    /** Every listening port is open. */
    public void accepting() {
        accepting = true;
    }

    /** The server is shutting down: from now on never ready again. */
    public void draining() {
        draining = true;
    }

    public boolean isDraining() {
        return draining;
    }

    /**
     * Empty when ready, else the reason in one line. A failing store is probed (one write that changes
     * nothing) so that the next question sees it back even when no user writes anything.
     */
    public Optional<String> notReadyBecause() {
        if (draining) {
            return Optional.of("draining: the server is shutting down");
        }
        if (!accepting) {
            return Optional.of("starting: not accepting connections yet");
        }
        Optional<String> failure = store.failure();
        if (failure.isPresent()) {
            store.probeIfFailing();
            return Optional.of("store failing: " + failure.get());
        }
        return Optional.empty();
    }
}
