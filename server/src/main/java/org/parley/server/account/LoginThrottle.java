package org.parley.server.account;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Rate-limits login attempts per source address and per account name before any password hash is
 * computed (SPEC 2.2 step 5), so guessing cannot burn the server's CPU. An attempt passes only if both
 * the address's and the account's token bucket have a token; then both pay one. A refused attempt
 * pays nothing.
 *
 * <p>Defaults: per address a burst of 10 then 1 per second, enough for a classroom behind one NAT
 * logging in together, while one address costs at most about one production hash (tens of ms) per
 * second. Per account a burst of 5 then 1 per 2 seconds: a person mistyping never notices, and with
 * the lockout (3 failures) guessing one account stays slow whatever the number of addresses.
 * At most {@value #DEFAULT_MAX_TRACKED} buckets of each kind (some 10 MB); see {@link BucketTable} for
 * what happens when they are all in use.
 *
 * <p>Keys are used as given: the caller passes the host address (no port). Not thread-safe: owned by
 * the core's serial executor, like the rest of the login state.
 */
public final class LoginThrottle {

    public static final RateLimit DEFAULT_PER_ADDRESS = new RateLimit(10, Duration.ofSeconds(1));
    public static final RateLimit DEFAULT_PER_ACCOUNT = new RateLimit(5, Duration.ofSeconds(2));
    public static final int DEFAULT_MAX_TRACKED = 100_000;

    private final Clock clock;
    private final BucketTable byAddress;
    private final BucketTable byAccount;

    public LoginThrottle(Clock clock, RateLimit perAddress, RateLimit perAccount, int maxTrackedPerKind) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxTrackedPerKind < 1) {
            throw new IllegalArgumentException("maxTrackedPerKind must be at least 1, was " + maxTrackedPerKind);
        }
        this.byAddress = new BucketTable(Objects.requireNonNull(perAddress, "perAddress"), maxTrackedPerKind);
        this.byAccount = new BucketTable(Objects.requireNonNull(perAccount, "perAccount"), maxTrackedPerKind);
    }

    public static LoginThrottle withDefaults(Clock clock) {
        return new LoginThrottle(clock, DEFAULT_PER_ADDRESS, DEFAULT_PER_ACCOUNT, DEFAULT_MAX_TRACKED);
    }

    /** True if this attempt may go on to hash a password; false if it must be refused without hashing. */
    public boolean tryAcquire(String address, String account) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(account, "account");
        long now = clock.millis();
        TokenBucket fromAddress = byAddress.bucket(address, now);
        TokenBucket fromAccount = fromAddress == null ? null : byAccount.bucket(account, now);
        if (fromAccount == null || !fromAddress.hasToken() || !fromAccount.hasToken()) {
            return false;
        }
        fromAddress.take();
        fromAccount.take();
        return true;
    }

    /** Buckets held per address and per account; for monitoring and tests of the memory bound. */
    public int trackedAddresses() {
        return byAddress.size();
    }

    public int trackedAccounts() {
        return byAccount.size();
    }
}
