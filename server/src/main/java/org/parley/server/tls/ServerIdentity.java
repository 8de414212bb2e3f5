package org.parley.server.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.parley.tls.Certificates;
import org.parley.tls.PemFiles;
import org.parley.tls.TlsIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key and certificate the server proves itself with: the operator's PEM files when given, else a
 * self-signed identity made at first start under {@code <data dir>/tls/} and reused from then on, so
 * the fingerprint clients remember stays the same across restarts.
 */
public final class ServerIdentity {

    private static final Logger LOG = LoggerFactory.getLogger(ServerIdentity.class);
    /** Long: clients trust it by fingerprint, not by date, and a renewal would look like an attack to them. */
    private static final Duration SELF_SIGNED_VALIDITY = Duration.ofDays(20 * 365);
    private static final String COMMON_NAME = "parley-server";

    private ServerIdentity() {
    }

    public static Path certificateFile(Path dataDir) {
        return dataDir.resolve("tls").resolve("server.crt");
    }

    public static Path keyFile(Path dataDir) {
        return dataDir.resolve("tls").resolve("server.key");
    }

    /** Reads the operator's chain and key. Every error names the file. */
    public static TlsIdentity operator(Path certificateFile, Path keyFile) throws IOException {
        return PemFiles.readIdentity(certificateFile, keyFile);
    }

    /** The identity kept in {@code dataDir}, made (owner-only files) when there is none yet. */
    public static TlsIdentity selfManaged(Path dataDir) throws IOException {
        Path certificate = certificateFile(dataDir);
        Path key = keyFile(dataDir);
        boolean haveCertificate = Files.exists(certificate);
        boolean haveKey = Files.exists(key);
        if (haveCertificate && haveKey) {
            return PemFiles.readIdentity(certificate, key);
        }
        if (haveCertificate || haveKey) {
            // Making a new key here would silently change the fingerprint every client remembered.
            throw new IOException("found " + (haveCertificate ? certificate : key) + " without "
                    + (haveCertificate ? key : certificate) + "; restore it, or delete both to make a new identity"
                    + " (clients will then refuse the changed key until their users accept it)");
        }
        TlsIdentity made = Certificates.selfSigned(COMMON_NAME, SELF_SIGNED_VALIDITY);
        PemFiles.writeIdentity(made, certificate, key);
        LOG.info("made a new self-signed TLS identity in {}", certificate.getParent());
        return made;
    }
}
