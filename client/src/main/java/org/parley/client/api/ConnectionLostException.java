package org.parley.client.api;

/** The connection to the server closed before the request was answered. */
public final class ConnectionLostException extends RuntimeException {

    public ConnectionLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
