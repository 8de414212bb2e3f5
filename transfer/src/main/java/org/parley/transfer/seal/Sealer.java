package org.parley.transfer.seal;

import java.nio.ByteBuffer;

/** Protects the datagrams one end of one transfer sends. Safe to call from any thread. */
public interface Sealer {
    /**
     * Seals an encoded datagram ({@code [0, limit)}: the 16-byte common header, then the body).
     *
     * @return the buffer to send, {@code [position, limit)}; it belongs to the calling thread and is valid until
     *     that thread seals again. The AEAD sealer leaves the input as it was; the benchmark's unsealed mode
     *     writes the checksum into the input's header and returns the input itself.
     */
    ByteBuffer seal(ByteBuffer encoded);
}
