package org.parley.client.connection;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.parley.tls.Certificates;
import org.parley.tls.Fingerprint;
import org.parley.tls.PemFiles;

/**
 * Decides whether to trust the server's certificate, in this order:
 * <ol>
 *   <li>pinned fingerprints ({@code --server-fingerprint}, one per node): exactly those certificates,
 *       nothing else;</li>
 *   <li>a chain that is not self-signed: PKIX against the JDK's trust store plus any extra CA
 *       ({@code --tls-ca}), with the host name checked (endpoint identification "HTTPS" on the engine);</li>
 *   <li>a self-signed certificate: trust on first use, like SSH, against {@link KnownServers}: remembered
 *       at the first connection (the user is told), refused when it changes.</li>
 * </ol>
 * Every refusal is a {@link ServerTrustException} whose message is the one line to show.
 *
 * <p>Thread-safe: one instance serves every connection of a client process (the server's host and port
 * come from the engine).
 */
final class ServerTrust extends X509ExtendedTrustManager {

    /** The pinned fingerprints (one per node of a cluster); empty when none is pinned. */
    private final Set<Fingerprint> pins;
    /** Null until a CA-issued chain needs it ({@link #pkix()}). */
    private volatile X509ExtendedTrustManager pkix;
    private final Path extraCa;
    private final KnownServers known;
    private final Consumer<String> notices;

    private ServerTrust(Set<Fingerprint> pins, Path extraCa, KnownServers known, Consumer<String> notices) {
        this.pins = pins;
        this.extraCa = extraCa;
        this.known = known;
        this.notices = notices;
    }

    /**
     * {@code pins} may be empty (several: any of them, as each node of a cluster may have its own key);
     * {@code extraCa} (PEM, may be null) is trusted besides the JDK's store; {@code notices} hears the
     * line that says a server was remembered.
     */
    static ServerTrust of(Collection<Fingerprint> pins, Path extraCa, KnownServers known, Consumer<String> notices)
            throws IOException {
        if (extraCa != null) {
            PemFiles.readCertificates(extraCa); // an unreadable CA file is an error at start, not at first use
        }
        return new ServerTrust(Set.copyOf(new LinkedHashSet<>(pins)), extraCa, known, notices);
    }

    /**
     * The JDK's PKIX trust manager (with {@code extraCa}), made at the first CA-issued chain: loading the
     * JDK's trust store parses ~140 certificates, a cost on every start that a pinned or self-signed
     * server (the usual Parley server) never needs.
     */
    private X509ExtendedTrustManager pkix() throws CertificateException {
        X509ExtendedTrustManager m = pkix;
        if (m == null) {
            synchronized (this) {
                m = pkix;
                if (m == null) {
                    try {
                        m = pkix(extraCa);
                    } catch (IOException e) {
                        throw new CertificateException(e.getMessage(), e);
                    }
                    pkix = m;
                }
            }
        }
        return m;
    }

    private static X509ExtendedTrustManager pkix(Path extraCa) throws IOException {
        try {
            X509ExtendedTrustManager jdk = firstX509(null);
            if (extraCa == null) {
                return jdk;
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (X509Certificate ca : jdk.getAcceptedIssuers()) {
                store.setCertificateEntry("jdk-" + n++, ca);
            }
            for (X509Certificate ca : PemFiles.readCertificates(extraCa)) {
                store.setCertificateEntry("extra-" + n++, ca);
            }
            return firstX509(store);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up certificate checks: " + e.getMessage(), e);
        }
    }

    private static X509ExtendedTrustManager firstX509(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager m : factory.getTrustManagers()) {
            if (m instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("the JDK offers no X.509 trust manager");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        String host = engine.getPeerHost();
        // As typed by the user, so 127.0.0.1 and localhost are two entries, as in SSH; IPv6 in brackets.
        String server = (host.contains(":") ? "[" + host + "]" : host) + ":" + engine.getPeerPort();
        if (chain == null || chain.length == 0) {
            throw new ServerTrustException("Error. The server at " + server + " presented no certificate");
        }
        Fingerprint presented = Fingerprint.of(chain[0]);
        if (!pins.isEmpty()) {
            if (!pins.contains(presented)) {
                throw new ServerTrustException("Error. The server at " + server + " presented certificate "
                        + presented + ", not " + (pins.size() == 1 ? "the pinned " : "any of the pinned ")
                        + pins.stream().map(Fingerprint::toString).sorted().collect(Collectors.joining(", "))
                        + " (--server-fingerprint): refusing to connect");
            }
            return;
        }
        if (!Certificates.isSelfSigned(chain[0])) {
            verifyChain(chain, authType, engine, server);
            return;
        }
        trustOnFirstUse(presented, server);
    }

    private void verifyChain(X509Certificate[] chain, String authType, SSLEngine engine, String server)
            throws ServerTrustException {
        try {
            pkix().checkServerTrusted(chain, authType); // the chain alone: no host name yet
            checkDates(chain);
        } catch (CertificateException e) {
            if (outOfDate(e)) {
                throw new ServerTrustException("Error. The certificate chain of the server at " + server
                        + " has expired or is not yet valid: refusing to connect", e);
            }
            throw new ServerTrustException("Error. The certificate of the server at " + server + " is not signed by"
                    + " a trusted authority (" + e.getMessage() + "); give its CA with --tls-ca, or pin it with"
                    + " --server-fingerprint " + Fingerprint.of(chain[0]), e);
        }
        try {
            pkix().checkServerTrusted(chain, authType, engine); // again, now with the host name
        } catch (CertificateException e) {
            throw new ServerTrustException("Error. The certificate of the server at " + server + " is not for "
                    + engine.getPeerHost() + " (" + e.getMessage() + "): refusing to connect", e);
        }
    }

    /**
     * PKIX takes a trust anchor as given, dates included, so a CA certificate that expired still
     * vouches for its leaves there. A chain that needs an expired certificate, sent or trusted, is refused.
     */
    private void checkDates(X509Certificate[] chain) throws CertificateException {
        for (X509Certificate c : chain) {
            c.checkValidity();
        }
        X509Certificate last = chain[chain.length - 1];
        for (X509Certificate anchor : pkix().getAcceptedIssuers()) {
            if (anchor.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
                try {
                    last.verify(anchor.getPublicKey());
                } catch (GeneralSecurityException e) {
                    continue; // another CA of the same name
                }
                anchor.checkValidity();
            }
        }
    }

    private static boolean outOfDate(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                return true;
            }
            if (t instanceof CertPathValidatorException v
                    && (v.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                    || v.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID)) {
                return true;
            }
        }
        return false;
    }

    private void trustOnFirstUse(Fingerprint presented, String server) throws ServerTrustException {
        if (known == null) {
            throw new ServerTrustException("Error. The server at " + server + " presented a self-signed certificate "
                    + presented + " that is not pinned: refusing to connect");
        }
        java.util.Optional<Fingerprint> remembered;
        try {
            remembered = known.lookup(server);
            if (remembered.isEmpty()) {
                known.remember(server, presented);
            }
        } catch (RuntimeException e) {
            throw new ServerTrustException("Error. Cannot check the server at " + server + " against "
                    + known.file() + ": " + e.getMessage(), e);
        }
        if (remembered.isEmpty()) {
            notices.accept("First connection to " + server + ": its certificate " + presented
                    + " is now remembered in " + known.file());
            return;
        }
        if (!remembered.get().equals(presented)) {
            throw new ServerTrustException("Error. The certificate of the server at " + server + " has changed: it"
                    + " presented " + presented + " but " + remembered.get() + " is remembered in " + known.file()
                    + ". Someone may be intercepting the connection; if the server's key really changed,"
                    + " remove the line for " + server + " from that file");
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("Parley connects through an SSLEngine");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("Parley connects through an SSLEngine");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("a client does not check clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("a client does not check clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a client does not check clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        try {
            return pkix().getAcceptedIssuers();
        } catch (CertificateException e) {
            return new X509Certificate[0];
        }
    }
}
