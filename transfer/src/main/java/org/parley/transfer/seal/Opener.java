package org.parley.transfer.seal;

import java.nio.ByteBuffer;

/** Checks and opens the datagrams one end of one transfer receives. Receive thread only. */
public interface Opener {
    /**
     * Opens a datagram whose common header the endpoint has already routed to this transfer.
     *
     * @param scratch the receive thread's buffer for the plaintext: a heap buffer (the cipher works on its array)
     *     at least as large as any datagram
     * @return the encoded datagram ({@code [0, limit)}: common header, then body), in {@code scratch} or
     *     {@code datagram} itself; or null when it is dropped (and counted)
     */
    ByteBuffer open(ByteBuffer datagram, ByteBuffer scratch);

    DropCounter drops();
}
