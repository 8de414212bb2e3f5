package org.parley.server.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginLockoutTest {

    private final MutableClock clock = MutableClock.atEpochSecond(1_700_000_000L);
    private final LoginLockout lockout = new LoginLockout(3, Duration.ofSeconds(10), clock);

    @Test
    void failuresBelowTheLimitAskToTryAgain() {
        assertThat(lockout.recordFailure("hans")).isEqualTo(FailureOutcome.TRY_AGAIN);
        assertThat(lockout.recordFailure("hans")).isEqualTo(FailureOutcome.TRY_AGAIN);
        assertThat(lockout.isBlocked("hans")).isFalse();
    }

    @Test
    void theNthConsecutiveFailureBlocks() {
        lockout.recordFailure("hans");
        lockout.recordFailure("hans");

        assertThat(lockout.recordFailure("hans")).isEqualTo(FailureOutcome.NOW_BLOCKED);
        assertThat(lockout.isBlocked("hans")).isTrue();
        assertThat(lockout.isBlocked("yoda")).isFalse();
    }

    @Test
    void successBeforeTheLimitResetsTheCount() {
        lockout.recordFailure("hans");
        lockout.recordFailure("hans");
        lockout.recordSuccess("hans");

        assertThat(lockout.recordFailure("hans")).isEqualTo(FailureOutcome.TRY_AGAIN);
        assertThat(lockout.recordFailure("hans")).isEqualTo(FailureOutcome.TRY_AGAIN);
        assertThat(lockout.recordFailure("hans")).isEqualTo(FailureOutcome.NOW_BLOCKED);
    }

    @Test
    void whileBlockedEveryAttemptIsRefusedAndDoesNotExtendTheBlock() {
        blockHans();
        clock.advance(Duration.ofSeconds(9));

        assertThat(lockout.isBlocked("hans")).isTrue();
        assertThat(lockout.recordFailure("hans")).isEqualTo(FailureOutcome.ALREADY_BLOCKED);
        // A success reported while blocked is a caller bug; it must not lift the block.
        lockout.recordSuccess("hans");
        assertThat(lockout.isBlocked("hans")).isTrue();

        clock.advance(Duration.ofSeconds(1));
        assertThat(lockout.isBlocked("hans")).isFalse();
    }

    @Test
    void afterTheBlockExpiresTheCountStartsFresh() {
        blockHans();
        clock.advance(Duration.ofSeconds(10));

        assertThat(lockout.isBlocked("hans")).isFalse();
        assertThat(lockout.recordFailure("hans")).isEqualTo(FailureOutcome.TRY_AGAIN);
        assertThat(lockout.recordFailure("hans")).isEqualTo(FailureOutcome.TRY_AGAIN);
        assertThat(lockout.recordFailure("hans")).isEqualTo(FailureOutcome.NOW_BLOCKED);
    }

    @Test
    void blockExpiresEvenWithoutAnyoneAskingWhetherItIsBlocked() {
        blockHans();
        clock.advance(Duration.ofSeconds(10));

        assertThat(lockout.recordFailure("hans")).isEqualTo(FailureOutcome.TRY_AGAIN);
    }

    @Test
    void oneAttemptBlocksAtTheFirstFailure() {
        LoginLockout strict = new LoginLockout(1, Duration.ofSeconds(10), clock);

        assertThat(strict.recordFailure("yoda")).isEqualTo(FailureOutcome.NOW_BLOCKED);
        assertThat(strict.isBlocked("yoda")).isTrue();
    }

    @Test
    void accountsAreIndependent() {
        blockHans();

        assertThat(lockout.recordFailure("Hans")).isEqualTo(FailureOutcome.TRY_AGAIN);
        assertThat(lockout.isBlocked("Hans")).isFalse();
    }

    @Test
    void memoryIsHeldOnlyForAccountsWithFailuresOrLiveBlocks() {
        lockout.recordFailure("hans");
        lockout.recordFailure("yoda");
        assertThat(lockout.trackedAccounts()).isEqualTo(2);

        lockout.recordSuccess("hans");
        assertThat(lockout.trackedAccounts()).isEqualTo(1);

        for (int i = 0; i < 3; i++) {
            lockout.recordFailure("vader");
        }
        clock.advance(Duration.ofSeconds(10));
        lockout.recordFailure("r2d2");
        // vader's expired block was swept without anyone asking about vader.
        assertThat(lockout.trackedAccounts()).isEqualTo(2);
    }

    @Test
    void rejectsNonsenseConfiguration() {
        assertThatThrownBy(() -> new LoginLockout(0, Duration.ofSeconds(10), clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoginLockout(3, Duration.ZERO, clock))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void blockHans() {
        lockout.recordFailure("hans");
        lockout.recordFailure("hans");
        assertThat(lockout.recordFailure("hans")).isEqualTo(FailureOutcome.NOW_BLOCKED);
    }
}
