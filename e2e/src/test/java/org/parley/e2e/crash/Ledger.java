package org.parley.e2e.crash;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the load clients were told, per item text (each text is unique): acknowledged with its number,
 * explicitly rejected, or unknown (the connection died before an answer). One ledger per item kind.
 */
final class Ledger {

    private final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    private final Set<String> rejected = ConcurrentHashMap.newKeySet();
    private final Set<String> unknown = ConcurrentHashMap.newKeySet();
    private final AtomicInteger acks;

    /** {@code acks} counts acknowledgements over every ledger, to pick the moment of the crash. */
    Ledger(AtomicInteger acks) {
        this.acks = acks;
    }

    void acknowledged(String text, long number) {
        acknowledged.put(text, number);
        acks.incrementAndGet();
    }

    void rejected(String text) {
        rejected.add(text);
    }

    void unknown(String text) {
        unknown.add(text);
    }

    Map<String, Long> acknowledged() {
        return Map.copyOf(acknowledged);
    }

    Set<String> rejected() {
        return Set.copyOf(rejected);
    }

    /** May or may not have been committed: allowed once, never required. */
    Set<String> unknown() {
        return Set.copyOf(unknown);
    }

    boolean isAllowed(String text) {
        return acknowledged.containsKey(text) || unknown.contains(text);
    }
}
