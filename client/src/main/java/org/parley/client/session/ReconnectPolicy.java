package org.parley.client.session;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether and how a {@link ChatSession} logs in again after losing the server: the first pause, the
 * longest pause (each failed attempt doubles it, with jitter), and how long to keep trying from the
 * moment the connection was lost before giving up.
 */
public record ReconnectPolicy(boolean enabled, Duration firstDelay, Duration maxDelay, Duration giveUpAfter) {

    public static final Duration DEFAULT_FIRST_DELAY = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(30);
    public static final Duration DEFAULT_GIVE_UP_AFTER = Duration.ofMinutes(5);

    public ReconnectPolicy {
        Objects.requireNonNull(firstDelay, "firstDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(giveUpAfter, "giveUpAfter");
        if (firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0
                || giveUpAfter.isNegative()) {
            throw new IllegalArgumentException("bad reconnect policy: first " + firstDelay + ", max " + maxDelay
                    + ", give up after " + giveUpAfter);
        }
    }

    /** 0.5 s doubling to 30 s, for up to five minutes. */
    public static ReconnectPolicy defaults() {
        return new ReconnectPolicy(true, DEFAULT_FIRST_DELAY, DEFAULT_MAX_DELAY, DEFAULT_GIVE_UP_AFTER);
    }

    /** A lost connection ends the session. */
    public static ReconnectPolicy never() {
        return new ReconnectPolicy(false, DEFAULT_FIRST_DELAY, DEFAULT_MAX_DELAY, Duration.ZERO);
    }

    public ReconnectPolicy withGiveUpAfter(Duration total) {
        return new ReconnectPolicy(enabled, firstDelay, maxDelay, total);
    }

    public ReconnectPolicy withDelays(Duration first, Duration max) {
        return new ReconnectPolicy(enabled, first, max, giveUpAfter);
    }
}
