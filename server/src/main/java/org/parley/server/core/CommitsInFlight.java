package org.parley.server.core;

import java.util.HashMap;
import java.util.Map;

/**
 * Cluster mode: which senders have a broadcast or room message being stored by this node. A read of the database
 * (a catch-up, or the ask of {@link InOrderRelease}) can find such a record committed before its own future has
 * completed; it is this node's, its future delivers it, and the read must leave it alone or it is shown twice.
 * Counted, since one sender can have several in flight. Core thread only.
 */
final class CommitsInFlight {

    private final Map<String, Integer> counts = new HashMap<>();

    void started(String key) {
        counts.merge(key, 1, Integer::sum);
    }

    void ended(String key) {
        counts.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
    }

    boolean any(String key) {
        return counts.containsKey(key);
    }
}
