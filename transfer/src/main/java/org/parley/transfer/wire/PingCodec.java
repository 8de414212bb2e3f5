package org.parley.transfer.wire;

import java.nio.ByteBuffer;

/** PING body: timestamp (u32). */
public final class PingCodec {
    public static final int BODY_BYTES = 4;

    private PingCodec() {
    }

    /** Writes the whole datagram (header and body); the buffer is left as exactly the datagram. */
    public static void encode(ByteBuffer out, long transferId, Ping ping) {
        Wire.begin(out, PacketType.PING, transferId);
        out.putInt(ping.tsMicros());
        Wire.finish(out);
    }

    /** Reads the body from the buffer's position to its limit. */
    public static Ping decode(ByteBuffer body) throws MalformedDatagramException {
        Body.exactly(body, BODY_BYTES, "PING");
        return new Ping(body.getInt());
    }
}
