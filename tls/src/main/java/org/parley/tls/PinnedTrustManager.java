package org.parley.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly the peers whose leaf certificate has one of the expected fingerprints, as SSH trusts a
 * known host key: no CA, no names, no dates. Used where Parley learned the peer's fingerprint from a
 * channel it already trusts (the server's, for private chat links) or from the user (a pinned or
 * previously seen server certificate). The expected set is read at each handshake, so a listener can
 * accept the peers it is told about over time.
 *
 * <p>Thread-safe when the supplier is.
 */
public final class PinnedTrustManager extends X509ExtendedTrustManager {

    private final Supplier<Set<Fingerprint>> expected;

    public PinnedTrustManager(Supplier<Set<Fingerprint>> expected) {
        this.expected = expected;
    }

    public static PinnedTrustManager of(Fingerprint fingerprint) {
        Set<Fingerprint> one = Set.of(fingerprint);
        return new PinnedTrustManager(() -> one);
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the peer presented no certificate");
        }
        Fingerprint presented = Fingerprint.of(chain[0]);
        Set<Fingerprint> accepted = expected.get();
        if (!accepted.contains(presented)) {
            throw new UnexpectedPeerException(presented, accepted);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
