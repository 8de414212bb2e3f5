package org.parley.client.api;

/** The server did not answer a request within the client's request timeout. */
public final class RequestTimeoutException extends RuntimeException {

    public RequestTimeoutException(String message) {
        super(message);
    }
}
