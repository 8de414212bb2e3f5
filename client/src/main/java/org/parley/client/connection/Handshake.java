package org.parley.client.connection;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.util.concurrent.CompletableFuture;

/** Waits for a connection's TLS handshake, if it has one, and turns a failure into the line to show. */
public final class Handshake {

    /** The name of the SslHandler in a server connection's pipeline. */
    public static final String SSL = "ssl";

    private Handshake() {
    }

    /** Completes when {@code channel} may carry frames: at once for plain TCP, after the handshake for TLS. */
    public static CompletableFuture<Void> of(Channel channel, String host, int port) {
        SslHandler ssl = (SslHandler) channel.pipeline().get(SSL);
        if (ssl == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        ssl.handshakeFuture().addListener(f -> {
            if (f.isSuccess()) {
                done.complete(null);
            } else {
                done.completeExceptionally(ServerSecurity.explain(f.cause(), host, port));
            }
        });
        return done;
    }
}
