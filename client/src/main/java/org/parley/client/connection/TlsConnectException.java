package org.parley.client.connection;

import java.io.IOException;

/** The TLS connection to the server could not be set up; the message is the one line to show the user. */
public final class TlsConnectException extends IOException {

    public TlsConnectException(String line, Throwable cause) {
        super(line, cause);
    }
}
