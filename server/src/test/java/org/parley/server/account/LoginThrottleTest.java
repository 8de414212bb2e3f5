package org.parley.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final MutableClock clock = MutableClock.atEpochSecond(1_700_000_000L);

    @Test
    void defaultsAreTheDocumentedNumbers() {
        assertThat(LoginThrottle.DEFAULT_PER_ADDRESS).isEqualTo(new RateLimit(10, Duration.ofSeconds(1)));
        assertThat(LoginThrottle.DEFAULT_PER_ACCOUNT).isEqualTo(new RateLimit(5, Duration.ofSeconds(2)));
    }

    @Test
    void oneAddressGetsItsBurstAcrossManyAccountsThenIsRefused() {
        LoginThrottle throttle = LoginThrottle.withDefaults(clock);

        for (int i = 0; i < 10; i++) {
            assertThat(throttle.tryAcquire("10.0.0.1", "user" + i)).as("attempt %d", i).isTrue();
        }
        assertThat(throttle.tryAcquire("10.0.0.1", "user10")).isFalse();
        assertThat(throttle.tryAcquire("10.0.0.2", "user10")).isTrue();
    }

    @Test
    void oneAccountGetsItsBurstAcrossManyAddressesThenIsRefused() {
        LoginThrottle throttle = LoginThrottle.withDefaults(clock);

        for (int i = 0; i < 5; i++) {
            assertThat(throttle.tryAcquire("10.0.0." + i, "hans")).isTrue();
        }
        assertThat(throttle.tryAcquire("10.0.0.99", "hans")).isFalse();
        assertThat(throttle.tryAcquire("10.0.0.99", "yoda")).isTrue();
    }

    @Test
    void ratesAboveOnePerMillisecondRefillThatFast() {
        // 10 per millisecond, as a load test configures it: one millisecond earns ten attempts.
        LoginThrottle throttle = new LoginThrottle(clock, new RateLimit(10, Duration.ofNanos(100_000)),
                new RateLimit(1_000, Duration.ofNanos(100_000)), 100);
        for (int i = 0; i < 10; i++) {
            assertThat(throttle.tryAcquire("a", "user" + i)).isTrue();
        }
        assertThat(throttle.tryAcquire("a", "user10")).isFalse();
        clock.advance(Duration.ofMillis(1));
        for (int i = 0; i < 10; i++) {
            assertThat(throttle.tryAcquire("a", "again" + i)).as("attempt %d", i).isTrue();
        }
        assertThat(throttle.tryAcquire("a", "again10")).isFalse();
    }

    @Test
    void tokensRefillWithTime() {
        LoginThrottle throttle = new LoginThrottle(clock, new RateLimit(2, Duration.ofSeconds(1)),
                new RateLimit(100, Duration.ofMillis(1)), 100);
        assertThat(throttle.tryAcquire("a", "x")).isTrue();
        assertThat(throttle.tryAcquire("a", "x")).isTrue();
        assertThat(throttle.tryAcquire("a", "x")).isFalse();

        clock.advance(Duration.ofMillis(999));
        assertThat(throttle.tryAcquire("a", "x")).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(throttle.tryAcquire("a", "x")).isTrue();
        assertThat(throttle.tryAcquire("a", "x")).isFalse();

        // Idle time refills only up to the burst.
        clock.advance(Duration.ofHours(1));
        assertThat(throttle.tryAcquire("a", "x")).isTrue();
        assertThat(throttle.tryAcquire("a", "x")).isTrue();
        assertThat(throttle.tryAcquire("a", "x")).isFalse();
    }

    @Test
    void aRefusedAttemptCostsNeitherBucket() {
        LoginThrottle throttle = new LoginThrottle(clock, new RateLimit(3, Duration.ofHours(1)),
                new RateLimit(1, Duration.ofHours(1)), 100);
        assertThat(throttle.tryAcquire("a", "hans")).isTrue();

        // hans is out of tokens; these refusals must not drain address "a".
        assertThat(throttle.tryAcquire("a", "hans")).isFalse();
        assertThat(throttle.tryAcquire("a", "hans")).isFalse();
        assertThat(throttle.tryAcquire("a", "yoda")).isTrue();
        assertThat(throttle.tryAcquire("a", "leia")).isTrue();
        assertThat(throttle.tryAcquire("a", "luke")).isFalse();
    }

    @Test
    void clockSteppingBackDoesNotGrantOrRemoveTokens() {
        LoginThrottle throttle = new LoginThrottle(clock, new RateLimit(1, Duration.ofSeconds(1)),
                new RateLimit(100, Duration.ofMillis(1)), 100);
        assertThat(throttle.tryAcquire("a", "x")).isTrue();

        clock.advance(Duration.ofSeconds(-30));
        assertThat(throttle.tryAcquire("a", "x")).isFalse();
    }

    @Test
    void idleBucketsAreEvicted() {
        LoginThrottle throttle = LoginThrottle.withDefaults(clock);
        for (int i = 0; i < 50; i++) {
            throttle.tryAcquire("10.0." + i + ".1", "user" + i);
        }
        assertThat(throttle.trackedAddresses()).isEqualTo(50);
        assertThat(throttle.trackedAccounts()).isEqualTo(50);

        // Ten seconds refill an address bucket, ten an account bucket (5 x 2 s): all are full again.
        clock.advance(Duration.ofSeconds(10));
        throttle.tryAcquire("10.9.9.9", "hans");

        assertThat(throttle.trackedAddresses()).isEqualTo(1);
        assertThat(throttle.trackedAccounts()).isEqualTo(1);
    }

    @Test
    void recentlyUsedBucketsAreKept() {
        LoginThrottle throttle = LoginThrottle.withDefaults(clock);
        throttle.tryAcquire("10.0.0.1", "hans");
        clock.advance(Duration.ofSeconds(9));
        throttle.tryAcquire("10.0.0.2", "yoda");
        clock.advance(Duration.ofSeconds(1));
        throttle.tryAcquire("10.0.0.3", "leia");

        assertThat(throttle.trackedAddresses()).isEqualTo(2);
    }

    @Test
    void whenFullOfLiveBucketsNewKeysAreRefusedAndKnownKeysStillWork() {
        LoginThrottle throttle = new LoginThrottle(clock, LoginThrottle.DEFAULT_PER_ADDRESS,
                LoginThrottle.DEFAULT_PER_ACCOUNT, 3);
        assertThat(throttle.tryAcquire("a", "hans")).isTrue();
        assertThat(throttle.tryAcquire("b", "yoda")).isTrue();
        assertThat(throttle.tryAcquire("c", "leia")).isTrue();

        assertThat(throttle.tryAcquire("d", "hans")).isFalse();
        assertThat(throttle.tryAcquire("a", "luke")).isFalse();
        assertThat(throttle.tryAcquire("a", "hans")).isTrue();
        assertThat(throttle.trackedAddresses()).isEqualTo(3);
        assertThat(throttle.trackedAccounts()).isEqualTo(3);

        clock.advance(Duration.ofSeconds(10));
        assertThat(throttle.tryAcquire("d", "luke")).isTrue();
    }
}
