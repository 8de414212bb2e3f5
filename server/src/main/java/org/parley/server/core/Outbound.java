package org.parley.server.core;

import org.parley.protocol.Frame;

/**
 * The core's only view of a connection. Implementations must be safe to call from the core thread and
 * must never block it: writes are queued to the connection's own I/O thread.
 */
public interface Outbound {

    void send(Frame frame);

    /** Sends bytes that were encoded once for many recipients (fan-out). */
    void send(EncodedFrame frame);

    /** Flushes what was sent and closes the connection. */
    void close();

    /** The peer's IP address as text, for ATU, userlog.txt and throttling. */
    String remoteIp();

    /** The connection is now logged in as {@code user}: for the network layer's diagnostics only. */
    default void loggedInAs(String user) {}

    /**
     * The client promised a frame at least every {@code heartbeat}: the network layer may close the
     * connection once nothing arrived for three of them (a peer that vanished without closing).
     */
    default void expectHeartbeat(java.time.Duration heartbeat) {}
}
