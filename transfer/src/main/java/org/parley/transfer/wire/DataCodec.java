package org.parley.transfer.wire;

import java.nio.ByteBuffer;

/** DATA body: seq (u32), flags (u8), reserved (u8, 0), timestamp (u32), then the chunk's bytes. */
public final class DataCodec {
    /** Bytes before the chunk: the common header plus seq, flags, reserved and timestamp. */
    public static final int HEADER_BYTES = Wire.HEADER_BYTES + 10;
    public static final int FLAG_RETRANSMIT = 1;

    private DataCodec() {
    }

    /**
     * Writes the header and the fields before the chunk, leaving the position where the chunk goes: the sender
     * copies the chunk straight from its file into the datagram and then calls {@link Wire#finish}.
     */
    public static void begin(ByteBuffer out, long transferId, int seq, int flags, int tsMicros) {
        Wire.begin(out, PacketType.DATA, transferId);
        out.putInt(seq).put((byte) flags).put((byte) 0).putInt(tsMicros);
    }

    /** Writes the whole datagram; the buffer is left as exactly the datagram. */
    public static void encode(ByteBuffer out, long transferId, Data data) {
        begin(out, transferId, data.seq(), data.flags(), data.tsMicros());
        out.put(data.chunk().duplicate());
        Wire.finish(out);
    }

    /**
     * Reads the body from the buffer's position to its limit. The chunk may be empty (an empty file has one);
     * whether its length fits its seq is for the session, which knows the chunk size.
     */
    public static Data decode(ByteBuffer body) throws MalformedDatagramException {
        Body.need(body, 10, "DATA header");
        int seq = body.getInt();
        int flags = body.get() & 0xFF;
        int reserved = body.get() & 0xFF;
        int ts = body.getInt();
        if (seq < 0) {
            throw new MalformedDatagramException("DATA seq " + Integer.toUnsignedString(seq) + " out of range");
        }
        if ((flags & ~FLAG_RETRANSMIT) != 0 || reserved != 0) {
            throw new MalformedDatagramException("DATA has unknown flags " + flags + "/" + reserved);
        }
        ByteBuffer chunk = body.slice();
        body.position(body.limit());
        return new Data(seq, flags, ts, chunk);
    }
}
