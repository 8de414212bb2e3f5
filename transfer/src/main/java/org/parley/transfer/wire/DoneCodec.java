package org.parley.transfer.wire;

import java.nio.ByteBuffer;

/** DONE (R to S): the file was verified and saved. No body: the header says it all. */
public final class DoneCodec {
    private DoneCodec() {
    }

    /** Writes the whole datagram; the buffer is left as exactly the datagram. */
    public static void encode(ByteBuffer out, long transferId) {
        Wire.begin(out, PacketType.DONE, transferId);
        Wire.finish(out);
    }

    /** Checks the body (from the buffer's position to its limit) is empty. */
    public static void decode(ByteBuffer body) throws MalformedDatagramException {
        Body.exactly(body, 0, "DONE");
    }
}
