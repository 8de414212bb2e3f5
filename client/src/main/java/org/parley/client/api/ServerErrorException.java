package org.parley.client.api;

import org.parley.protocol.ErrorCode;

/** The server refused a request; {@link #getMessage()} is the exact line to show the user. */
public final class ServerErrorException extends RuntimeException {

    private final ErrorCode code;

    public ServerErrorException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
