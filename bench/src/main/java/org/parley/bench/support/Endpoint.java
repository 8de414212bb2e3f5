package org.parley.bench.support;

import io.netty.handler.ssl.SslContext;
import org.parley.client.connection.ServerSecurity;

/**
 * Where the benchmarked server listens and how to reach it: the headless client's {@link ServerSecurity},
 * and for lean users a Netty TLS context pinned to the server's fingerprint ({@code leanTls} null: plain TCP).
 */
public record Endpoint(int port, SslContext leanTls, ServerSecurity security) {

    public boolean tls() {
        return leanTls != null;
    }
}
