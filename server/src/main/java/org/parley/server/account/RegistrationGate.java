package org.parley.server.account;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Bounds how fast, and how far, accounts can be created (registration is open to anyone who names an
 * unknown user): a server-wide token bucket of new accounts, and an optional cap on the number of
 * accounts. Server-wide, not per address, because addresses are cheap (50 of them created 1,013
 * permanent accounts in 20 seconds, each a line in credentials.txt); the per-address login throttle
 * still applies on top.
 *
 * <p>Default: a burst of 30 (a class registering together), then one every 2 seconds, so at most some
 * 1,800 accounts an hour; no cap. Not thread-safe: owned by the core's serial executor, like the rest
 * of the login state.
 */
public final class RegistrationGate {

    public static final RateLimit DEFAULT_RATE = new RateLimit(30, Duration.ofSeconds(2));
    /** No cap on the number of accounts. */
    public static final int UNCAPPED = 0;

    private final Clock clock;
    private final int maxAccounts;
    private final TokenBucket bucket;

    /** {@code maxAccounts} of {@link #UNCAPPED} (0) means no cap. */
    public RegistrationGate(Clock clock, RateLimit rate, int maxAccounts) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxAccounts < 0) {
            throw new IllegalArgumentException("maxAccounts must not be negative, was " + maxAccounts);
        }
        this.maxAccounts = maxAccounts;
        this.bucket = new TokenBucket(Objects.requireNonNull(rate, "rate"), clock.millis());
    }

    public static RegistrationGate withDefaults(Clock clock) {
        return new RegistrationGate(clock, DEFAULT_RATE, UNCAPPED);
    }

    /** With {@code accounts} existing (or being created), no new one may be: the cap is reached. */
    public boolean full(int accounts) {
        return maxAccounts != UNCAPPED && accounts >= maxAccounts;
    }

    public int maxAccounts() {
        return maxAccounts;
    }

    /** True, and one token spent, if an account may be created now; false (nothing spent) if not. */
    public boolean tryAcquire() {
        bucket.refill(clock.millis());
        if (!bucket.hasToken()) {
            return false;
        }
        bucket.take();
        return true;
    }
}
