package org.parley.transfer.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** ACK body: cumulative (u32), echoed timestamp (u32), window (u32), range count (u16), then [start, end) u32 pairs. */
public final class AckCodec {
    private static final int FIXED_BYTES = 14;
    private static final int RANGE_BYTES = 8;

    private AckCodec() {
    }

    /** How many ranges fit one ACK datagram of {@code datagramBytes}. */
    public static int maxRanges(int datagramBytes) {
        return Math.min(65_535, Math.max(0, (datagramBytes - Wire.HEADER_BYTES - FIXED_BYTES) / RANGE_BYTES));
    }

    /** Writes the whole datagram; the buffer is left as exactly the datagram. */
    public static void encode(ByteBuffer out, long transferId, Ack ack) {
        if (ack.ranges().size() > 65_535) {
            throw new IllegalArgumentException("too many ranges for one ACK: " + ack.ranges().size());
        }
        Wire.begin(out, PacketType.ACK, transferId);
        out.putInt(ack.cumulative()).putInt(ack.echoMicros()).putInt(ack.window())
                .putShort((short) ack.ranges().size());
        for (AckRange range : ack.ranges()) {
            out.putInt(range.start()).putInt(range.end());
        }
        Wire.finish(out);
    }

    /** Reads the body from the buffer's position to its limit. Every range must be non-empty and non-negative. */
    public static Ack decode(ByteBuffer body) throws MalformedDatagramException {
        Body.need(body, FIXED_BYTES, "ACK");
        int cumulative = body.getInt();
        int echo = body.getInt();
        int window = body.getInt();
        int count = body.getShort() & 0xFFFF;
        Body.exactly(body, count * RANGE_BYTES, "ACK ranges");
        if (cumulative < 0) {
            throw new MalformedDatagramException("ACK cumulative point out of range");
        }
        List<AckRange> ranges = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int start = body.getInt();
            int end = body.getInt();
            if (start < 0 || end <= start) {
                throw new MalformedDatagramException("ACK range " + i + " is [" + start + ", " + end + ")");
            }
            ranges.add(new AckRange(start, end));
        }
        return new Ack(cumulative, echo, window, ranges);
    }
}
