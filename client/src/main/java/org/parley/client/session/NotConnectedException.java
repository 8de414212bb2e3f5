package org.parley.client.session;

/** A request made while the session has no logged-in connection (it is reconnecting, or over). */
public final class NotConnectedException extends RuntimeException {

    public NotConnectedException(String message) {
        super(message, null, false, false);
    }
}
