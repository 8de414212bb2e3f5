package org.parley.client.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ExpectedTokensTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final ExpectedTokens tokens = new ExpectedTokens(Duration.ofNanos(100), 3, now::get);

    @Test
    void tokenIsGoodOnceForTheNamedPeer() {
        tokens.expect("yoda", "t1");

        assertThat(tokens.redeem("yoda", "t1")).isTrue();
        assertThat(tokens.redeem("yoda", "t1")).isFalse();
    }

    @Test
    void unknownTokenIsRefused() {
        tokens.expect("yoda", "t1");

        assertThat(tokens.redeem("yoda", "t2")).isFalse();
    }

    @Test
    void tokenPresentedUnderAnotherNameIsRefusedButNotSpent() {
        tokens.expect("yoda", "t1");

        assertThat(tokens.redeem("vader", "t1")).isFalse();
        assertThat(tokens.redeem("yoda", "t1")).isTrue();
    }

    @Test
    void tokenExpiresAfterItsLifetime() {
        tokens.expect("yoda", "t1");
        now.addAndGet(100);

        assertThat(tokens.redeem("yoda", "t1")).isFalse();
    }

    @Test
    void tokenIsGoodJustBeforeItExpires() {
        tokens.expect("yoda", "t1");
        now.addAndGet(99);

        assertThat(tokens.redeem("yoda", "t1")).isTrue();
    }

    @Test
    void holdsAtMostCapacityLiveTokens() {
        assertThat(tokens.expect("a", "t1")).isTrue();
        assertThat(tokens.expect("b", "t2")).isTrue();
        assertThat(tokens.expect("c", "t3")).isTrue();

        assertThat(tokens.expect("d", "t4")).isFalse();
        assertThat(tokens.redeem("d", "t4")).isFalse();
    }

    @Test
    void expiredTokensMakeRoomForNewOnes() {
        tokens.expect("a", "t1");
        tokens.expect("b", "t2");
        tokens.expect("c", "t3");
        now.addAndGet(100);

        assertThat(tokens.expect("d", "t4")).isTrue();
        assertThat(tokens.redeem("d", "t4")).isTrue();
    }

    @Test
    void clearForgetsEveryToken() {
        tokens.expect("yoda", "t1");
        tokens.clear();

        assertThat(tokens.redeem("yoda", "t1")).isFalse();
    }

    @Test
    void missingPeerOrTokenIsRefused() {
        tokens.expect("yoda", "t1");

        assertThat(tokens.redeem(null, "t1")).isFalse();
        assertThat(tokens.redeem("yoda", null)).isFalse();
    }
}
