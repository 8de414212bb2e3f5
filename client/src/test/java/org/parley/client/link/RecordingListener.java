package org.parley.client.link;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.parley.tls.Fingerprint;

/** Records callbacks as short strings, in order, for assertions. */
final class RecordingListener implements PrivateLinkListener {

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Map<String, Fingerprint> keys = new ConcurrentHashMap<>();

    /** The key each peer's link was opened with, as the links reported it. */
    Fingerprint keyOf(String peer) {
        return keys.get(peer);
    }

    List<String> events() {
        return List.copyOf(events);
    }

    @Override
    public void linkOpened(String peer, Fingerprint peerKey) {
        keys.put(peer, peerKey);
        events.add("opened " + peer);
    }

    @Override
    public void messageReceived(String peer, String text) {
        events.add(peer + ": " + text);
    }

    @Override
    public void linkStopped(String peer, boolean byPeer) {
        events.add("stopped " + peer + (byPeer ? " by peer" : " by me"));
    }

    @Override
    public void peerLoggedOut(String peer) {
        events.add("logged out " + peer);
    }

    @Override
    public void linkLost(String peer) {
        events.add("lost " + peer);
    }
}
