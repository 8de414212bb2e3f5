package org.parley.client.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysDoubleFromTheFirstUpToTheLongest() {
        Backoff top = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), () -> 0.999_999);
        assertThat(top.delay(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(top.delay(2)).isEqualTo(Duration.ofMillis(1000));
        assertThat(top.delay(3)).isEqualTo(Duration.ofMillis(2000));
        assertThat(top.delay(7)).isEqualTo(Duration.ofSeconds(30)); // 32 s capped
        assertThat(top.delay(1000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void jitterTakesUpToHalfOffSoClientsCutOffTogetherSpreadOut() {
        Backoff low = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), () -> 0.0);
        Backoff mid = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), () -> 0.5);
        assertThat(low.delay(3)).isEqualTo(Duration.ofMillis(1000));
        assertThat(mid.delay(3)).isEqualTo(Duration.ofMillis(1500));
        assertThat(low.delay(20)).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void attemptsCountFromOne() {
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
        assertThatThrownBy(() -> backoff.delay(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
