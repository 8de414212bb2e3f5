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

/**
 * This client's private-link key, its self-signed certificate and the TLS context that accepts links,
 * made at first need instead of at start: making them loads and runs BouncyCastle and a PKCS#12 key
 * store (about a fifth of a second and ~520 classes, measured, BENCHMARKS.md) that the login never
 * needs, and a session without private chats never does. The first {@code startprivate} or accepted
 * request pays for them once (a fraction of a second, while the server brokers the link anyway); an
 * incoming link normally follows this side sending its fingerprint, so the listener finds them made.
 *
 * <p>Thread-safe: made once under this object's lock, then read through a volatile field.
 */
final class LinkKeys {

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

    private Made make() {
        TlsIdentity identity = Certificates.selfSigned("parley private link", validity);
        try {
            return new Made(identity, TlsContexts.mutualServer(identity, new PinnedTrustManager(trusted)));
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS for private links", e);
        }
    }
}
