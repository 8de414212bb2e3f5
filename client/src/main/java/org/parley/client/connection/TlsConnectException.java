package org.parley.client.connection;

import java.io.IOException;

/**
 * The TLS connection to the server could not be set up; the message is the one line to show the user.
 * {@link #lasting()} tells a refusal that waiting or another node will not change (the certificate is
 * not trusted, the server does not speak TLS) from a server that went away during the handshake.
 */
public final class TlsConnectException extends IOException {

    private final boolean lasting;

    public TlsConnectException(String line, Throwable cause) {
        this(line, cause, true);
    }

    public TlsConnectException(String line, Throwable cause, boolean lasting) {
        super(line, cause);
        this.lasting = lasting;
    }

    /** True when trying again (or trying another server instead) must not hide this failure. */
    public boolean lasting() {
        return lasting;
    }
}
