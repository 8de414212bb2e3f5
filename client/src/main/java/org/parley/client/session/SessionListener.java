package org.parley.client.session;

/**
 * Told when a {@link ChatSession}'s connection state changes. Called on a connection's event loop or the
 * session's reconnect thread: return quickly, never block on the session's futures.
 */
@FunctionalInterface
public interface SessionListener {

    void onStateChanged(SessionState state);
}
