package org.parley.client.api;

import org.parley.protocol.Event;
import org.parley.protocol.Response;

/**
 * Pushed events and the end of the connection. Called on the connection's event-loop thread, in the
 * order the server sent them: implementations must return quickly and never block on the client's
 * futures.
 */
public interface ClientListener {

    /**
     * The login succeeded. Called before the login future completes and before any event that follows
     * the login (offline messages), so a welcome shown here is always shown first.
     */
    default void onLoggedIn(String username) {}

    default void onEvent(Event event) {}

    /**
     * The connection closed without a logout, a session-ending event, or {@link ParleyClient#close()}.
     * Pending requests have already failed with {@link ConnectionLostException}.
     */
    default void onConnectionLost(Throwable cause) {}

    /** An error frame that answers no pending request (for example id 0: a frame the server could not read). */
    default void onUnsolicitedError(Response.Error error) {}
}
