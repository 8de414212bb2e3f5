package org.parley.server.core;

/**
 * A token bucket bounding how fast one session may send commands (SPEC 8). Core thread only.
 */
final class CommandRate {

    private final double perMilli;
    private final int burst;
    private double tokens;
    private long lastRefill;

    CommandRate(double perSecond, int burst, long now) {
        this.perMilli = perSecond / 1000.0;
        this.burst = burst;
        this.tokens = burst;
        this.lastRefill = now;
    }

    boolean tryAcquire(long now) {
        if (now > lastRefill) {
            tokens = Math.min(burst, tokens + (now - lastRefill) * perMilli);
            lastRefill = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
