package org.parley.server.net;

import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;

/**
 * Network settings. {@code deadConnectionSeconds} closes a connection from which not a byte arrived
 * for that long (0 disables it); the idle timeout of SPEC 2.5 is the core's, not this. {@code tls} null
 * means plain TCP.
 */
public record NetConfig(
        InetSocketAddress bind,
        int maxConnectionsPerAddress,
        long maxPendingBytes,
        int deadConnectionSeconds,
        SslContext tls) {

    public static NetConfig defaults(InetSocketAddress bind) {
        return new NetConfig(bind, 200, 8L * 1024 * 1024, 0, null);
    }

    public NetConfig withMaxConnectionsPerAddress(int max) {
        return new NetConfig(bind, max, maxPendingBytes, deadConnectionSeconds, tls);
    }

    public NetConfig withTls(SslContext context) {
        return new NetConfig(bind, maxConnectionsPerAddress, maxPendingBytes, deadConnectionSeconds, context);
    }
}
