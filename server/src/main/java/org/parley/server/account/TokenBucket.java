package org.parley.server.account;

/** One key's tokens, refilled lazily from the elapsed time whenever it is looked at. */
final class TokenBucket {

    private final RateLimit limit;
    private double tokens;
    private long updatedAtMillis;
    private long touchedAtMillis;

    TokenBucket(RateLimit limit, long nowMillis) {
        this.limit = limit;
        this.tokens = limit.burst();
        this.updatedAtMillis = nowMillis;
        this.touchedAtMillis = nowMillis;
    }

    /** Brings the count up to date; a clock that steps back adds nothing rather than taking away. */
    void refill(long nowMillis) {
        touchedAtMillis = nowMillis;
        if (nowMillis <= updatedAtMillis) {
            return;
        }
        // Nanoseconds, so that rates above one per millisecond (load tests) refill correctly.
        double earned = (nowMillis - updatedAtMillis) * 1_000_000.0 / limit.refillInterval().toNanos();
        tokens = Math.min(limit.burst(), tokens + earned);
        updatedAtMillis = nowMillis;
    }

    boolean hasToken() {
        return tokens >= 1.0;
    }

    void take() {
        tokens -= 1.0;
    }

    long touchedAtMillis() {
        return touchedAtMillis;
    }
}
