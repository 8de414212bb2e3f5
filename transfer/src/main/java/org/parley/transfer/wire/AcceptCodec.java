package org.parley.transfer.wire;

import java.nio.ByteBuffer;

/** ACCEPT body: echoed timestamp (u32), window in chunks (u32), resume point in chunks (u32). */
public final class AcceptCodec {
    public static final int BODY_BYTES = 12;

    private AcceptCodec() {
    }

    /** Writes the whole datagram (header and body); the buffer is left as exactly the datagram. */
    public static void encode(ByteBuffer out, long transferId, Accept accept) {
        Wire.begin(out, PacketType.ACCEPT, transferId);
        out.putInt(accept.echoMicros()).putInt(accept.window()).putInt(accept.resumeFrom());
        Wire.finish(out);
    }

    /** Reads the body from the buffer's position to its limit. */
    public static Accept decode(ByteBuffer body) throws MalformedDatagramException {
        Body.exactly(body, BODY_BYTES, "ACCEPT");
        Accept accept = new Accept(body.getInt(), body.getInt(), body.getInt());
        if (accept.resumeFrom() < 0) {
            throw new MalformedDatagramException("ACCEPT resume point out of range");
        }
        return accept;
    }
}
