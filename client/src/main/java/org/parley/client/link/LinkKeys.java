package org.parley.client.link;

import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.parley.tls.Certificates;
import org.parley.tls.Fingerprint;
import org.parley.tls.PinnedTrustManager;
import org.parley.tls.TlsContexts;
import org.parley.tls.TlsIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This client's private-link key, its self-signed certificate and the TLS context that accepts links,
 * made at first need instead of at start: making them loads and runs BouncyCastle and a PKCS#12 key
 * store (about a fifth of a second, measured, BENCHMARKS.md) that the login never needs. The shell asks
 * for them in the background once the user has logged in ({@link #prepareInBackground()}), so the first
 * {@code startprivate} does not wait for them either.
 *
 * <p>Thread-safe: made once under this object's lock, then read through a volatile field.
 */
final class LinkKeys {

    private static final Logger LOG = LoggerFactory.getLogger(LinkKeys.class);

    /** The key pair, certificate and listening context, made together. */
    record Made(TlsIdentity identity, SslContext listener) {
    }

    private final Duration validity;
    private final Supplier<Set<Fingerprint>> trusted;
    private volatile Made made;

    /** {@code trusted} gives the peer certificates the listener accepts, read at each handshake. */
    LinkKeys(Duration validity, Supplier<Set<Fingerprint>> trusted) {
        this.validity = validity;
        this.trusted = trusted;
    }

    Made get() {
        Made m = made;
        if (m == null) {
            synchronized (this) {
                m = made;
                if (m == null) {
                    m = make();
                    made = m;
                }
            }
        }
        return m;
    }

    /** Starts making them on a daemon thread; a failure there is logged, and told again at first use. */
    void prepareInBackground() {
        if (made != null) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                get();
            } catch (RuntimeException e) {
                LOG.warn("cannot make the private-link key: {}", e.getMessage(), e);
            }
        }, "parley-link-keys");
        t.setDaemon(true);
        t.start();
    }

    private Made make() {
        TlsIdentity identity = Certificates.selfSigned("parley private link", validity);
        try {
            return new Made(identity, TlsContexts.mutualServer(identity, new PinnedTrustManager(trusted)));
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS for private links", e);
        }
    }
}
