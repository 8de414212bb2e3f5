package org.parley.client.servers;

import java.io.IOException;

/** No server of the list could be reached at start; the message is the one line to show the user. */
public final class UnreachableServersException extends IOException {

    public UnreachableServersException(String line, Throwable lastCause) {
        super(line, lastCause);
    }
}
