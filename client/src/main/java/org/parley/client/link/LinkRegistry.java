package org.parley.client.link;

import java.util.ArrayList;
import java.util.HashMap;
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
 */
final class LinkRegistry {

    private final Map<String, PeerLink> open = new HashMap<>();
    private final Set<String> connecting = new HashSet<>();
    /** Peers whose link died without a goodbye and who have not been told so by a send yet. */
    private final Set<String> lost = new HashSet<>();
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
        open.put(link.peer(), link);
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
