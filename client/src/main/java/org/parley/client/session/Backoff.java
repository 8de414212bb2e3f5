package org.parley.client.session;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The pause before reconnect attempt {@code n}: the policy's first delay doubled {@code n - 1} times,
 * capped at its longest, then scaled by a random factor in [0.5, 1) so that clients cut off together
 * (a server restart) do not all come back in the same instant. Stateless and thread-safe.
 */
final class Backoff {

    private final Duration first;
    private final Duration max;
    private final DoubleSupplier random;

    Backoff(Duration first, Duration max) {
        this(first, max, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** {@code random} gives values in [0, 1); a test passes a fixed one. */
    Backoff(Duration first, Duration max, DoubleSupplier random) {
        this.first = first;
        this.max = max;
        this.random = random;
    }

    Duration delay(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1: " + attempt);
        }
        long ceiling = max.toMillis();
        long base = first.toMillis();
        for (int i = 1; i < attempt && base < ceiling; i++) {
            base *= 2;
        }
        base = Math.min(base, ceiling);
        double factor = 0.5 + 0.5 * Math.min(Math.max(random.getAsDouble(), 0), 1);
        return Duration.ofMillis(Math.max(1, Math.round(base * factor)));
    }
}
