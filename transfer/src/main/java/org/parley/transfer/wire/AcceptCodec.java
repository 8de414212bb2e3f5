package org.parley.transfer.wire;

import java.nio.ByteBuffer;

/** ACCEPT body: echoed timestamp (u32), window in chunks (u32). */
public final class AcceptCodec {
    public static final int BODY_BYTES = 8;

    private AcceptCodec() {
    }

    /** Writes the whole datagram (header and body); the buffer is left as exactly the datagram. */
    public static void encode(ByteBuffer out, long transferId, Accept accept) {
        Wire.begin(out, PacketType.ACCEPT, transferId);
        out.putInt(accept.echoMicros()).putInt(accept.window());
        Wire.finish(out);
    }

    /** Reads the body from the buffer's position to its limit. */
    public static Accept decode(ByteBuffer body) throws MalformedDatagramException {
        Body.exactly(body, BODY_BYTES, "ACCEPT");
        return new Accept(body.getInt(), body.getInt());
    }
}
