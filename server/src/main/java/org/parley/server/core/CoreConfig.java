package org.parley.server.core;

import java.time.Duration;
import java.time.ZoneId;

/**
 * The chat core's settings. {@code idleTimeout} of zero means none. Rates are per session; the
 * defaults suit people typing, the load generator raises them.
 *
 * @param registration            unknown usernames may register (SPEC 2.2 step 3)
 * @param privateAnswerTimeout    a private-chat question unanswered this long is a decline (SPEC 5)
 * @param loginDeadline           a connection that has not logged in by then is closed
 */
public record CoreConfig(
        boolean registration,
        Duration idleTimeout,
        ZoneId zone,
        Duration privateAnswerTimeout,
        Duration loginDeadline,
        double commandsPerSecond,
        int commandBurst) {

    public static CoreConfig defaults() {
        return new CoreConfig(true, Duration.ZERO, ZoneId.systemDefault(), Duration.ofMinutes(1),
                Duration.ofMinutes(2), 200, 400);
    }

    public CoreConfig withIdleTimeout(Duration timeout) {
        return new CoreConfig(registration, timeout, zone, privateAnswerTimeout, loginDeadline, commandsPerSecond, commandBurst);
    }

    public CoreConfig withRegistration(boolean on) {
        return new CoreConfig(on, idleTimeout, zone, privateAnswerTimeout, loginDeadline, commandsPerSecond, commandBurst);
    }

    public CoreConfig withZone(ZoneId z) {
        return new CoreConfig(registration, idleTimeout, z, privateAnswerTimeout, loginDeadline, commandsPerSecond, commandBurst);
    }

    public CoreConfig withPrivateAnswerTimeout(Duration d) {
        return new CoreConfig(registration, idleTimeout, zone, d, loginDeadline, commandsPerSecond, commandBurst);
    }

    public CoreConfig withCommandRate(double perSecond, int burst) {
        return new CoreConfig(registration, idleTimeout, zone, privateAnswerTimeout, loginDeadline, perSecond, burst);
    }

    boolean hasIdleTimeout() {
        return !idleTimeout.isZero() && !idleTimeout.isNegative();
    }
}
