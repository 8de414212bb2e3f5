package org.parley.transfer.wire;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Where sessions hand finished (encoded) datagrams; the endpoint's implementation seals them and sends them
 * over its one UDP socket.
 */
public interface DatagramOut {
    /** Sends {@code [position, limit)} of the buffer; best effort, like UDP itself. */
    void send(ByteBuffer datagram, InetSocketAddress to);

    /**
     * Bytes the layers below add to every datagram: an encoded datagram may be at most the configured datagram
     * size minus this.
     */
    default int overhead() {
        return 0;
    }
}
