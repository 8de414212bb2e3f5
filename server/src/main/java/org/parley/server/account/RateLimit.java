package org.parley.server.account;

import java.time.Duration;

/** A token bucket's shape: up to {@code burst} attempts at once, then one more per {@code refillInterval}. */
public record RateLimit(int burst, Duration refillInterval) {

    public RateLimit {
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, was " + burst);
        }
        if (refillInterval == null || refillInterval.isZero() || refillInterval.isNegative()) {
            throw new IllegalArgumentException("refillInterval must be positive, was " + refillInterval);
        }
    }

    /** How long an untouched bucket takes to refill completely from empty. */
    Duration fullRefill() {
        return refillInterval.multipliedBy(burst);
    }
}
