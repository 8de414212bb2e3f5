package org.parley.transfer.seal;

/**
 * Offsets of a sealed datagram (version 2; PROTOCOL-UDP.md, "Sealed datagrams"):
 * <pre>
 *  0  u16 magic 0x504C ("PL")      \
 *  2  u8  version 2                 |
 *  3  u8  type                      | associated data: authenticated, not encrypted
 *  4  u32 sender's role constant    |  (bytes 4..8 and 16..24 are also the 96-bit nonce)
 *  8  u64 transfer id               |
 * 16  u64 sender's counter         /
 * 24  ciphertext of the body (as long as the body)
 * end-16  GCM tag (128 bits)
 * </pre>
 */
final class SealedLayout {
    static final byte VERSION = 2;
    static final int ROLE_OFFSET = 4;
    static final int ID_OFFSET = 8;
    static final int COUNTER_OFFSET = 16;
    static final int AAD_BYTES = 24;
    static final int TAG_BYTES = 16;
    static final int TAG_BITS = TAG_BYTES * 8;
    static final int NONCE_BYTES = 12;
    /** Encoded datagrams have a 16-byte header; sealed ones 24 bytes of header plus the tag. */
    static final int OVERHEAD = AAD_BYTES - 16 + TAG_BYTES;
    static final int MIN_BYTES = AAD_BYTES + TAG_BYTES;
    static final String CIPHER = "AES/GCM/NoPadding";

    private SealedLayout() {
    }
}
