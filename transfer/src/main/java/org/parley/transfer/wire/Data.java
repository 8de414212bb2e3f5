package org.parley.transfer.wire;

import java.nio.ByteBuffer;

/**
 * DATA (S to R): chunk {@code seq} of the file. {@code chunk} is a view of the datagram's bytes (no copy), valid
 * only until the receive buffer is reused; {@code flags} holds {@link DataCodec#FLAG_RETRANSMIT}.
 */
public record Data(int seq, int flags, int tsMicros, ByteBuffer chunk) {
}
