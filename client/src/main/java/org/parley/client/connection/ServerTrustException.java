package org.parley.client.connection;

import java.security.cert.CertificateException;

/** The server's certificate was refused; the message is the one line to show the user. */
public final class ServerTrustException extends CertificateException {

    public ServerTrustException(String line) {
        super(line);
    }

    public ServerTrustException(String line, Throwable cause) {
        super(line, cause);
    }
}
