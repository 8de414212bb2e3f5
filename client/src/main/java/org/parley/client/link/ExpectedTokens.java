package org.parley.client.link;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.parley.tls.Fingerprint;

/**
 * The one-time credentials this client was told to expect (SPEC 5): a token is good for one link, only
 * from the peer it was issued for, only over a TLS connection whose client certificate has the
 * fingerprint the server handed over with it, and only for a bounded time.
 *
 * <p>The fingerprints of the live credentials are also what the listener's TLS layer trusts
 * ({@link #fingerprints}), so a connection without one of them never gets as far as a frame; the token
 * check after the handshake is the second guard, and ties the token to that very certificate.
 *
 * <p>A token presented under the wrong name or certificate is refused but not spent: the rightful peer,
 * who holds the same token and key, can still use it, so a third party who learnt the token cannot turn
 * that into a denial of the chat. Spending is an atomic {@code remove(token, credential)}, so two
 * simultaneous presentations of one token cannot both win.
 *
 * <p>Thread-safe: the map is concurrent; TLS handshakes read {@link #fingerprints} on event loops while
 * the shell thread registers credentials.
 */
final class ExpectedTokens {

    private record Credential(String peer, Fingerprint fingerprint, long expiresAtNanos) {}

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
    boolean expect(String peer, String token, Fingerprint fingerprint) {
        long now = nanoClock.getAsLong();
        byToken.values().removeIf(c -> expired(c, now));
        if (byToken.size() >= capacity) {
            return false;
        }
        byToken.put(token, new Credential(peer, fingerprint, now + lifetimeNanos));
        return true;
    }

    /**
     * True exactly once for a live token presented by the peer it was issued for, over a connection
     * whose certificate has the fingerprint it was issued with.
     */
    boolean redeem(String peer, String token, Fingerprint presented) {
        if (peer == null || token == null || presented == null) {
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
        return credential.peer().equals(peer) && credential.fingerprint().equals(presented)
                && byToken.remove(token, credential);
    }

    /** The certificates of every live credential: the only ones the private-chat port lets through. */
    Set<Fingerprint> fingerprints() {
        long now = nanoClock.getAsLong();
        Set<Fingerprint> live = new HashSet<>();
        for (Credential c : byToken.values()) {
            if (!expired(c, now)) {
                live.add(c.fingerprint());
            }
        }
        return live;
    }

    /** Withdraws every credential issued for {@code peer}: its link will not come (it was refused). */
    void forget(String peer) {
        byToken.values().removeIf(c -> c.peer().equals(peer));
    }

    void clear() {
        byToken.clear();
    }

    private static boolean expired(Credential credential, long now) {
        return now - credential.expiresAtNanos() >= 0;
    }
}
