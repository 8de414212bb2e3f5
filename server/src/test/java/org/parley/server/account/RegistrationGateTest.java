package org.parley.server.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RegistrationGateTest {

    private final MutableClock clock = MutableClock.atEpochSecond(1_000_000);

    @Test
    void aBurstPassesThenOneAccountPerRefillInterval() {
        RegistrationGate gate = new RegistrationGate(clock, new RateLimit(3, Duration.ofSeconds(2)), RegistrationGate.UNCAPPED);

        assertThat(gate.tryAcquire()).isTrue();
        assertThat(gate.tryAcquire()).isTrue();
        assertThat(gate.tryAcquire()).isTrue();
        assertThat(gate.tryAcquire()).as("burst spent").isFalse();
        clock.advance(Duration.ofMillis(1999));
        assertThat(gate.tryAcquire()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(gate.tryAcquire()).isTrue();
        assertThat(gate.tryAcquire()).isFalse();
    }

    @Test
    void aRefusalCostsNothingAndAnIdleGateRefillsOnlyUpToTheBurst() {
        RegistrationGate gate = new RegistrationGate(clock, new RateLimit(2, Duration.ofSeconds(1)), RegistrationGate.UNCAPPED);
        gate.tryAcquire();
        gate.tryAcquire();
        for (int i = 0; i < 100; i++) {
            assertThat(gate.tryAcquire()).isFalse();
        }
        clock.advance(Duration.ofSeconds(1));
        assertThat(gate.tryAcquire()).as("the refused attempts did not dig a hole").isTrue();

        clock.advance(Duration.ofHours(1));
        assertThat(gate.tryAcquire()).isTrue();
        assertThat(gate.tryAcquire()).isTrue();
        assertThat(gate.tryAcquire()).as("an hour idle gives a burst, not 3,600").isFalse();
    }

    @Test
    void theDefaultLetsAClassRegisterTogetherButNotAFlood() {
        RegistrationGate gate = RegistrationGate.withDefaults(clock);
        int created = 0;
        for (int second = 0; second < 20; second++) {
            for (int i = 0; i < 50; i++) {
                if (gate.tryAcquire()) {
                    created++;
                }
            }
            clock.advance(Duration.ofSeconds(1));
        }
        // the flood of the report: 1,000 attempts in 20 s created 1,013 accounts; now 30 + 19 / 2
        assertThat(created).isEqualTo(39);
    }

    @Test
    void theCapCountsEveryAccountAndZeroMeansNone() {
        RegistrationGate capped = new RegistrationGate(clock, RegistrationGate.DEFAULT_RATE, 5);
        assertThat(capped.full(4)).isFalse();
        assertThat(capped.full(5)).isTrue();
        assertThat(capped.full(6)).isTrue();
        RegistrationGate uncapped = RegistrationGate.withDefaults(clock);
        assertThat(uncapped.full(Integer.MAX_VALUE)).isFalse();
        assertThatThrownBy(() -> new RegistrationGate(clock, RegistrationGate.DEFAULT_RATE, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
