package org.parley.server.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Blocks an account after {@code attempts} consecutive failed logins, for {@code blockDuration}, from
 * every address (SPEC 2.2). While blocked, every attempt is refused, even with the right password: the
 * caller checks {@link #isBlocked} before verifying. A success resets the count; when a block expires
 * the account starts again from zero failures.
 *
 * <p>Memory: only accounts with failures or a live block have an entry; successes and expired blocks
 * remove theirs. Callers record failures for known accounts only, so entries are bounded by the number
 * of accounts. Not thread-safe: it is chat state, owned by the core's serial executor.
 */
public final class LoginLockout {

    private final int attempts;
    private final Duration blockDuration;
    private final Clock clock;
    private final Map<String, Entry> entries = new HashMap<>();
    private Instant nextSweep;

    /** A run of failures, or a block (failures reset to zero) until {@code blockedUntil}. */
    private record Entry(int failures, Instant blockedUntil) {}

    public LoginLockout(int attempts, Duration blockDuration, Clock clock) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
        }
        if (blockDuration == null || blockDuration.isNegative() || blockDuration.isZero()) {
            throw new IllegalArgumentException("blockDuration must be positive, was " + blockDuration);
        }
        this.attempts = attempts;
        this.blockDuration = blockDuration;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nextSweep = clock.instant().plus(blockDuration);
    }

    public boolean isBlocked(String user) {
        Entry entry = entries.get(user);
        if (entry == null || entry.blockedUntil() == null) {
            return false;
        }
        if (clock.instant().isBefore(entry.blockedUntil())) {
            return true;
        }
        entries.remove(user);
        return false;
    }

    public FailureOutcome recordFailure(String user) {
        Objects.requireNonNull(user, "user");
        sweepExpiredBlocks();
        if (isBlocked(user)) {
            return FailureOutcome.ALREADY_BLOCKED;
        }
        Entry previous = entries.get(user);
        int failures = (previous == null ? 0 : previous.failures()) + 1;
        if (failures >= attempts) {
            entries.put(user, new Entry(0, clock.instant().plus(blockDuration)));
            return FailureOutcome.NOW_BLOCKED;
        }
        entries.put(user, new Entry(failures, null));
        return FailureOutcome.TRY_AGAIN;
    }

    /**
     * Forgets the account's failures. Does not lift a live block: a success cannot happen while blocked,
     * so one reported then is a caller bug that must not become a way around the block.
     */
    public void recordSuccess(String user) {
        if (!isBlocked(user)) {
            entries.remove(user);
        }
    }

    /** Accounts currently holding memory: with failures or a block not yet seen to have expired. */
    public int trackedAccounts() {
        return entries.size();
    }

    /** At most once per block duration, so the cost stays proportional to the failures recorded. */
    private void sweepExpiredBlocks() {
        Instant now = clock.instant();
        if (now.isBefore(nextSweep)) {
            return;
        }
        entries.values().removeIf(e -> e.blockedUntil() != null && !now.isBefore(e.blockedUntil()));
        nextSweep = now.plus(blockDuration);
    }
}
