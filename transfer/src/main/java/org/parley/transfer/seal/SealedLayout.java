package org.parley.transfer.seal;

/**
 * Offsets of a sealed datagram (version 3; PROTOCOL-UDP.md, "Sealed datagrams"):
 * <pre>
 *  0  u16 magic 0x504C ("PL")      \
 *  2  u8  version 3                 |
 *  3  u8  type                      | in clear, and every bit authenticated without associated data:
 *  4  u32 sender's role constant    |  magic, version, role and transfer id are constants the opener checks,
 *  8  u64 transfer id               |  type and counter are in the nonce
 * 16  u64 sender's counter         /
 * 24  ciphertext of the body (as long as the body)
 * end-16  GCM tag (128 bits)
 * </pre>
 * The 96-bit nonce is the role constant's first three bytes, the type, then the counter ({@link #nonce}).
 * Version 2 authenticated the header as GCM associated data instead; in the JDK that costs a buffered update
 * per datagram, about a tenth of the sealed protocol's rate (BENCHMARKS.md, "Sealed uploads").
 */
final class SealedLayout {
    static final byte VERSION = 3;
    static final int ROLE_OFFSET = 4;
    static final int ID_OFFSET = 8;
    static final int COUNTER_OFFSET = 16;
    /** The clear header before the ciphertext. */
    static final int HEADER_BYTES = 24;
    static final int TAG_BYTES = 16;
    static final int TAG_BITS = TAG_BYTES * 8;
    static final int NONCE_BYTES = 12;
    /** Encoded datagrams have a 16-byte header; sealed ones 24 bytes of header plus the tag. */
    static final int OVERHEAD = HEADER_BYTES - 16 + TAG_BYTES;
    static final int MIN_BYTES = HEADER_BYTES + TAG_BYTES;
    static final String CIPHER = "AES/GCM/NoPadding";

    private SealedLayout() {
    }

    /**
     * Writes the nonce of a datagram into {@code nonce} (12 bytes): the role constant with its last byte
     * replaced by the type, then the counter. The counter alone never repeats within one end of a transfer, and
     * the two ends' role constants differ in their first byte, so no nonce repeats under a key; the type is there
     * so that a datagram whose type byte was changed fails its tag.
     */
    static void nonce(byte[] nonce, int role, int type, long counter) {
        nonce[0] = (byte) (role >>> 24);
        nonce[1] = (byte) (role >>> 16);
        nonce[2] = (byte) (role >>> 8);
        nonce[3] = (byte) type;
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (counter >>> (56 - 8 * i));
        }
    }
}
