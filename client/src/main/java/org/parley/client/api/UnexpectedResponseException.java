package org.parley.client.api;

/** The server answered with a response of the wrong type: client and server disagree on the protocol. */
public final class UnexpectedResponseException extends RuntimeException {

    public UnexpectedResponseException(String message) {
        super(message);
    }
}
