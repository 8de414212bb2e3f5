package org.parley.client.link;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.concurrent.CompletableFuture;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which peers this client is linked with, connecting to, or has lost.
 *
 * <p>The map is touched by the shell thread (send, stop, connect) and by event loops (handshakes,
 * closes), and every decision ("is this still the link for that peer?") must see one consistent state,
 * so every method holds this object's lock. Calls are rare and short; the lock is never held while
 * calling out. A link belongs to the registry until exactly one of {@link #retireLost}, {@link #remove},
 * {@link #removePeer}, {@link #removeAll} or {@link #live} takes it out, and only that caller reports
 * its end: this is what keeps each end reported exactly once.
 *
 * <p>A link is "being set up" while an outgoing connect holds its reservation or while a token from
 * that peer is expected; {@link #whenOpen} lets a command typed meanwhile wait for it. Those waiters'
 * futures are completed under the lock: they have no dependent actions (the waiting thread blocks on
 * them), so completing one runs no foreign code.
 */
final class LinkRegistry {

    private final Map<String, PeerLink> open = new HashMap<>();
    private final Set<String> connecting = new HashSet<>();
    /** Peers whose link died without a goodbye and who have not been told so by a send yet. */
    private final Set<String> lost = new HashSet<>();
    /** Peers whose link this side expects (a token from them), until when (System.nanoTime). */
    private final Map<String, Long> expecting = new HashMap<>();
    /** Commands waiting for a link being set up: true once it is open, false once its set-up failed. */
    private final Map<String, List<CompletableFuture<Boolean>>> waiters = new HashMap<>();
    private boolean shutDown;

    /** Claims {@code peer} for an outgoing connection; false if linked or already connecting. */
    synchronized boolean reserve(String peer) {
        if (shutDown || open.containsKey(peer) || connecting.contains(peer)) {
            return false;
        }
        connecting.add(peer);
        return true;
    }

    synchronized void release(String peer) {
        connecting.remove(peer);
        if (!expecting.containsKey(peer)) {
            settle(peer, false);
        }
    }

    /** A token from {@code peer} is expected until {@code untilNanos}: its link is being set up. */
    synchronized void expecting(String peer, long untilNanos) {
        expecting.put(peer, untilNanos);
    }

    /** The link from {@code peer} that was expected will not come: whoever waits for it is told now. */
    synchronized void notExpecting(String peer) {
        if (expecting.remove(peer) != null && !connecting.contains(peer) && !open.containsKey(peer)) {
            settle(peer, false);
        }
    }

    /**
     * A future that turns true once the link with {@code peer} is open (at once if it is), false if its
     * set-up fails; null when no link with {@code peer} is open or being set up.
     */
    synchronized CompletableFuture<Boolean> whenOpen(String peer, long nowNanos) {
        if (has(peer)) {
            return CompletableFuture.completedFuture(true);
        }
        Long until = expecting.get(peer);
        if (until != null && until - nowNanos <= 0) {
            expecting.remove(peer);
            until = null;
        }
        if (until == null && !connecting.contains(peer)) {
            return null;
        }
        CompletableFuture<Boolean> opened = new CompletableFuture<>();
        waiters.computeIfAbsent(peer, p -> new ArrayList<>()).add(opened);
        return opened;
    }

    private void settle(String peer, boolean open) {
        List<CompletableFuture<Boolean>> waiting = waiters.remove(peer);
        if (waiting != null) {
            waiting.forEach(f -> f.complete(open));
        }
    }

    /** An outgoing link got Ready; false if its reservation was withdrawn meanwhile (logout). */
    synchronized boolean admitOutgoing(PeerLink link) {
        if (!connecting.remove(link.peer()) || shutDown || open.containsKey(link.peer())) {
            return false;
        }
        return admit(link);
    }

    /** An incoming link presented a good token; refused if that peer is linked or being connected to. */
    synchronized boolean admitIncoming(PeerLink link) {
        if (shutDown || open.containsKey(link.peer()) || connecting.contains(link.peer())) {
            return false;
        }
        return admit(link);
    }

    private boolean admit(PeerLink link) {
        lost.remove(link.peer());
        expecting.remove(link.peer());
        open.put(link.peer(), link);
        settle(link.peer(), true);
        return true;
    }

    synchronized boolean isCurrent(PeerLink link) {
        return open.get(link.peer()) == link;
    }

    /**
     * The usable link to {@code peer}, or null. A link found dead here is taken out and remembered as
     * lost, so the caller's send reports it instead of the link handler.
     */
    synchronized PeerLink live(String peer) {
        PeerLink link = open.get(peer);
        if (link != null && !link.isActive()) {
            open.remove(peer);
            lost.add(peer);
            return null;
        }
        return link;
    }

    /** True once after a link with {@code peer} was lost: that send reports PEER_GONE. */
    synchronized boolean takeLost(String peer) {
        return lost.remove(peer);
    }

    /** The link's channel closed with no goodbye: true if nobody else has reported its end. */
    synchronized boolean retireLost(PeerLink link) {
        if (open.get(link.peer()) != link) {
            return false;
        }
        open.remove(link.peer());
        lost.add(link.peer());
        return true;
    }

    /** Orderly end (a goodbye arrived, or a send found the peer not reading). */
    synchronized boolean remove(PeerLink link) {
        return open.remove(link.peer(), link);
    }

    /** Local stop: the link to {@code peer} if any; a lost marker is forgotten either way. */
    synchronized PeerLink removePeer(String peer) {
        lost.remove(peer);
        return open.remove(peer);
    }

    /** Logout: forgets everything, and withdraws outgoing reservations so late Readies are refused. */
    synchronized List<PeerLink> removeAll() {
        List<PeerLink> links = new ArrayList<>(open.values());
        open.clear();
        connecting.clear();
        lost.clear();
        expecting.clear();
        new ArrayList<>(waiters.keySet()).forEach(peer -> settle(peer, false));
        return links;
    }

    synchronized void shutDown() {
        shutDown = true;
    }

    synchronized boolean has(String peer) {
        PeerLink link = open.get(peer);
        return link != null && link.isActive();
    }

    /** Peers with a link that is still up. */
    synchronized Set<String> peers() {
        Set<String> up = new HashSet<>();
        open.forEach((peer, link) -> {
            if (link.isActive()) {
                up.add(peer);
            }
        });
        return Set.copyOf(up);
    }
}
