package org.parley.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;

/**
 * Netty TLS contexts with one policy for every Parley link: the JDK's JSSE, TLS 1.3 preferred and 1.2
 * allowed, and for 1.2 only forward-secret AEAD suites. Building a context is costly (it loads keys and
 * primes JSSE); build once per identity and share: contexts are thread-safe.
 */
public final class TlsContexts {

    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** TLS 1.3's suites, then TLS 1.2's ECDHE + AEAD ones; SupportedCipherSuiteFilter drops any this JDK lacks. */
    static final List<String> CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private TlsContexts() {
    }

    /** A server that proves itself with {@code identity} and asks nothing of its clients. */
    public static SslContext server(TlsIdentity identity) throws SSLException {
        return policy(SslContextBuilder.forServer(identity.privateKey(), identity.chain())).build();
    }

    /** A server that also requires each client to present a certificate {@code clients} trusts. */
    public static SslContext mutualServer(TlsIdentity identity, TrustManager clients) throws SSLException {
        return policy(SslContextBuilder.forServer(identity.privateKey(), identity.chain()))
                .trustManager(clients)
                .clientAuth(ClientAuth.REQUIRE)
                .build();
    }

    /** A client that trusts the servers {@code servers} trusts and proves nothing itself. */
    public static SslContext client(TrustManager servers) throws SSLException {
        return policy(SslContextBuilder.forClient()).trustManager(servers).build();
    }

    /** A client that proves itself with {@code identity} to a server that asks. */
    public static SslContext mutualClient(TlsIdentity identity, TrustManager servers) throws SSLException {
        return policy(SslContextBuilder.forClient())
                .keyManager(identity.privateKey(), identity.chain())
                .trustManager(servers)
                .build();
    }

    private static SslContextBuilder policy(SslContextBuilder builder) {
        return builder.sslProvider(SslProvider.JDK)
                .protocols(PROTOCOLS)
                .ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE);
    }
}
