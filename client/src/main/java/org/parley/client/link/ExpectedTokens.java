package org.parley.client.link;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The one-time credentials this client was told to expect (SPEC 5): a token is good for one link, only
 * from the peer it was issued for, and only for a bounded time.
 *
 * <p>A token presented under the wrong name is refused but not spent: the rightful peer, who holds the
 * same token, can still use it, so a third party who learnt the token cannot turn that into a denial of
 * the chat. Spending is an atomic {@code remove(token, credential)}, so two simultaneous presentations of
 * one token cannot both win.
 */
final class ExpectedTokens {

    private record Credential(String peer, long expiresAtNanos) {}

    private final Map<String, Credential> byToken = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;
    private final long lifetimeNanos;
    private final int capacity;

    ExpectedTokens(Duration lifetime, int capacity, LongSupplier nanoClock) {
        this.lifetimeNanos = lifetime.toNanos();
        this.capacity = capacity;
        this.nanoClock = nanoClock;
    }

    /** Registers a credential; false (and nothing stored) when {@code capacity} live ones are held. */
    boolean expect(String peer, String token) {
        long now = nanoClock.getAsLong();
        byToken.values().removeIf(c -> expired(c, now));
        if (byToken.size() >= capacity) {
            return false;
        }
        byToken.put(token, new Credential(peer, now + lifetimeNanos));
        return true;
    }

    /** True exactly once for a live token presented by the peer it was issued for. */
    boolean redeem(String peer, String token) {
        if (peer == null || token == null) {
            return false;
        }
        Credential credential = byToken.get(token);
        if (credential == null) {
            return false;
        }
        if (expired(credential, nanoClock.getAsLong())) {
            byToken.remove(token, credential);
            return false;
        }
        return credential.peer().equals(peer) && byToken.remove(token, credential);
    }

    void clear() {
        byToken.clear();
    }

    private static boolean expired(Credential credential, long now) {
        return now - credential.expiresAtNanos() >= 0;
    }
}
