package org.parley.client.link;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records callbacks as short strings, in order, for assertions. */
final class RecordingListener implements PrivateLinkListener {

    private final List<String> events = new CopyOnWriteArrayList<>();

    List<String> events() {
        return List.copyOf(events);
    }

    @Override
    public void linkOpened(String peer) {
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
