package org.parley.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/** A private key and its certificate chain, leaf first: what one end of a TLS link proves itself with. */
public record TlsIdentity(PrivateKey privateKey, List<X509Certificate> chain) {

    public TlsIdentity {
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a TLS identity needs at least its own certificate");
        }
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    public Fingerprint fingerprint() {
        return Fingerprint.of(certificate());
    }

    /** True when the leaf certificate signed itself: such a certificate can only be trusted by pinning it. */
    public boolean selfSigned() {
        return Certificates.isSelfSigned(certificate());
    }
}
