package org.parley.client.link;

import org.parley.tls.Fingerprint;

/**
 * What happens on the private-chat links, for the shell to print (SPEC 5).
 *
 * <p>Called on Netty event-loop threads, except {@link #linkStopped} with {@code byPeer == false}, which
 * runs on the thread that called {@link PrivateLinks#stop}. Implementations must not block.
 */
public interface PrivateLinkListener {

    /**
     * A link with {@code peer} is up, whichever side opened it, over TLS with the peer's certificate
     * {@code peerKey} (the fingerprint the server handed over, which TLS has checked).
     */
    void linkOpened(String peer, Fingerprint peerKey);

    /** {@code peer} sent {@code text} over the link (already validated). */
    void messageReceived(String peer, String text);

    /**
     * The link with {@code peer} was stopped, by the peer ({@code byPeer}) or by us. Both sides print
     * {@code Private messaging with <other> stopped}.
     */
    void linkStopped(String peer, boolean byPeer);

    /** {@code peer} logged out (or timed out): {@code <peer> logged out, private chat concluding}. */
    void peerLoggedOut(String peer);

    /**
     * The link with {@code peer} ended without a goodbye (crash, network loss, a peer that stopped
     * reading): {@code Error. <peer> is no longer reachable, private chat closed}.
     */
    void linkLost(String peer);
}
