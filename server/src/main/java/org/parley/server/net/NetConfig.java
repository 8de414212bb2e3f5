package org.parley.server.net;

import java.net.InetSocketAddress;

/**
 * Network settings. {@code deadConnectionSeconds} closes a connection from which not a byte arrived
 * for that long (0 disables it); the idle timeout of SPEC 2.5 is the core's, not this.
 */
public record NetConfig(
        InetSocketAddress bind,
        int maxConnectionsPerAddress,
        long maxPendingBytes,
        int deadConnectionSeconds) {

    public static NetConfig defaults(InetSocketAddress bind) {
        return new NetConfig(bind, 200, 8L * 1024 * 1024, 0);
    }

    public NetConfig withMaxConnectionsPerAddress(int max) {
        return new NetConfig(bind, max, maxPendingBytes, deadConnectionSeconds);
    }
}
