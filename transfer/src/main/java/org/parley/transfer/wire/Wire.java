package org.parley.transfer.wire;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The common header every encoded datagram starts with (big-endian):
 * <pre>
 *  0  u16 magic 0x504C ("PL")
 *  2  u8  version (1)
 *  3  u8  type ({@link PacketType})
 *  4  u32 CRC32C of bytes [0,4) followed by bytes [8,end), when sent unsealed; 0 otherwise
 *  8  u64 transfer id
 * 16  body
 * </pre>
 * Each body has one codec ({@code OfferCodec}, {@code AcceptCodec}, {@code DataCodec}, {@code AckCodec},
 * {@code PingCodec}, {@code DoneCodec}, {@code ReasonCodec} for REJECT and CANCEL) that writes the whole datagram
 * with {@link #begin} and {@link #finish} and reads its body exactly; the {@code seal} layer turns them
 * into what goes on the wire (sealed, version 3) and back, so nothing here is about protection. Methods work
 * on absolute offsets so one buffer can be reused for every datagram without allocation.
 */
public final class Wire {
    public static final short MAGIC = 0x504C;
    public static final byte VERSION = 1;
    public static final int HEADER_BYTES = 16;
    /**
     * The longest the audience holds an acknowledgement it owes while data keeps arriving (QUIC's max_ack_delay):
     * a batch that fills slowly (a slow link) goes out after this long, and the presenter's retransmission timeout
     * allows for it, so that an ACK merely batched is never taken for a loss.
     */
    public static final long MAX_ACK_DELAY_NANOS = 1_000_000L;

    private Wire() {
    }

    /** Writes the header and leaves the position just after it, ready for the body. */
    public static void begin(ByteBuffer buffer, int type, long transferId) {
        buffer.clear();
        buffer.putShort(MAGIC).put(VERSION).put((byte) type).putInt(0).putLong(transferId);
    }

    /** Ends an encoding: the datagram is {@code [0, position)}; the buffer is set to exactly that. */
    public static void finish(ByteBuffer buffer) {
        int end = buffer.position();
        buffer.position(0).limit(end);
    }

    /** Writes the CRC32C of the finished datagram {@code [0, limit)} into its header; position and limit stay. */
    public static void addChecksum(ByteBuffer datagram, CRC32C crc) {
        datagram.putInt(4, checksum(datagram, datagram.limit(), crc));
    }

    /** True when {@code [0, limit)} is a complete, uncorrupted datagram of our protocol. */
    public static boolean isValid(ByteBuffer datagram, CRC32C crc) {
        int end = datagram.limit();
        if (end < HEADER_BYTES || datagram.getShort(0) != MAGIC || datagram.get(2) != VERSION) {
            return false;
        }
        return datagram.getInt(4) == checksum(datagram, end, crc);
    }

    public static int type(ByteBuffer datagram) {
        return datagram.get(3) & 0xFF;
    }

    public static long transferId(ByteBuffer datagram) {
        return datagram.getLong(8);
    }

    /** Microsecond clock carried in DATA/PING and echoed in ACK/ACCEPT for RTT samples; wraps harmlessly. */
    public static int nowMicros() {
        return (int) (System.nanoTime() / 1000);
    }

    private static int checksum(ByteBuffer buffer, int end, CRC32C crc) {
        int savedPosition = buffer.position();
        int savedLimit = buffer.limit();
        crc.reset();
        buffer.position(0).limit(4);
        crc.update(buffer);
        buffer.limit(end).position(8);
        crc.update(buffer);
        buffer.limit(savedLimit).position(savedPosition);
        return (int) crc.getValue();
    }
}
