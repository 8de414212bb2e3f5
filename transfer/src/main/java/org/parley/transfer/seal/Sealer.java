package org.parley.transfer.seal;

import java.nio.ByteBuffer;

/** Protects the datagrams one end of one transfer sends. Safe to call from any thread. */
public interface Sealer {
    /**
     * Seals an encoded datagram ({@code [0, limit)}: the 16-byte common header, then the body).
     *
     * @return the buffer to send, {@code [position, limit)}; it belongs to the calling thread and is valid until
     *     that thread seals again. The input is left as it was.
     */
    ByteBuffer seal(ByteBuffer encoded);
}
