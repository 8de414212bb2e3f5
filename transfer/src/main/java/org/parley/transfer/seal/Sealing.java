package org.parley.transfer.seal;

import java.nio.ByteBuffer;

/**
 * How an endpoint protects its datagrams: {@link #aead()} in the product, {@link #checksumOnly()} only to
 * measure what sealing costs (the transfer benchmark).
 */
public interface Sealing {
    /** Bytes a sealed datagram has beyond its encoded form; sessions encode at most the datagram size minus this. */
    int overhead();

    /**
     * The cheap first look at a datagram, before any session or cipher is involved: long enough, our magic and
     * version. Never changes the buffer.
     */
    boolean looksLike(ByteBuffer datagram);

    /** One end's seal for one transfer: its opener reads only datagrams of {@code transferId}. */
    Seal forTransfer(TransferKey key, long transferId, Role self);

    static Sealing aead() {
        return AeadSealing.INSTANCE;
    }

    /** Unauthenticated and in clear (CRC32C against corruption only): for the benchmark's baseline, never the product. */
    static Sealing checksumOnly() {
        return ChecksumSealing.INSTANCE;
    }
}
