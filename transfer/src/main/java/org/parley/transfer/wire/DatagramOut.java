package org.parley.transfer.wire;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/** Where sessions hand finished datagrams; implemented by the endpoint over its one UDP socket. */
public interface DatagramOut {
    /** Sends {@code [position, limit)} of the buffer; best effort, like UDP itself. */
    void send(ByteBuffer datagram, InetSocketAddress to);
}
