package org.parley.server.cluster;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff between reconnection attempts, with jitter: after a broker restart a
 * hundred nodes must not all knock at the same instant. Attempt 0 waits about {@code initial}, each
 * further attempt doubles the wait up to {@code max}; the wait drawn is between half and all of it.
 * Immutable; {@link #delay} may be called from any thread.
 */
public record Backoff(Duration initial, Duration max) {

    /** What the adapters use: 100 ms first, then doubling, never more than 5 s. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max: " + initial + ", " + max);
        }
    }

    /** The wait before attempt {@code attempt} (0-based) of one outage. */
    public Duration delay(long attempt) {
        long initialNanos = initial.toNanos();
        long maxNanos = max.toNanos();
        int shift = (int) Math.min(Math.max(attempt, 0), 30);
        long cap = initialNanos > (maxNanos >> shift) ? maxNanos : Math.min(maxNanos, initialNanos << shift);
        long half = cap / 2;
        return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(cap - half + 1));
    }
}
