package org.parley.tls;

import java.security.cert.CertificateException;
import java.util.Set;

/** The peer presented a certificate other than the one it was expected to: possibly someone in between. */
public final class UnexpectedPeerException extends CertificateException {

    private final Fingerprint presented;
    private final Set<Fingerprint> expected;

    public UnexpectedPeerException(Fingerprint presented, Set<Fingerprint> expected) {
        super("the peer's certificate " + presented + " is not the expected " + (expected.size() == 1
                ? expected.iterator().next() : expected));
        this.presented = presented;
        this.expected = Set.copyOf(expected);
    }

    public Fingerprint presented() {
        return presented;
    }

    public Set<Fingerprint> expected() {
        return expected;
    }
}
