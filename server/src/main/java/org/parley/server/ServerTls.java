package org.parley.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How the chat port is secured: TLS with the server's own self-signed identity (made at first start and
 * kept in the data directory), TLS with an operator's certificate chain and key (PEM), or plain TCP
 * ({@link #off()}, for local testing only).
 */
public record ServerTls(boolean enabled, Path certificateFile, Path keyFile) {

    public ServerTls {
        if (!enabled && (certificateFile != null || keyFile != null)) {
            throw new IllegalArgumentException("plain TCP takes no certificate");
        }
        if ((certificateFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("a certificate needs its key and a key its certificate");
        }
    }

    public static ServerTls selfSigned() {
        return new ServerTls(true, null, null);
    }

    public static ServerTls operator(Path certificateFile, Path keyFile) {
        return new ServerTls(true, Objects.requireNonNull(certificateFile), Objects.requireNonNull(keyFile));
    }

    public static ServerTls off() {
        return new ServerTls(false, null, null);
    }

    public boolean operatorCertificate() {
        return certificateFile != null;
    }
}
