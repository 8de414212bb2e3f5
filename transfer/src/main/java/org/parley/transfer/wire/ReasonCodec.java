package org.parley.transfer.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * REJECT (R to S) and CANCEL (S to R) body: reason (u16 length + UTF-8), cut to what fits the datagram and to
 * 1024 bytes. A decoded reason is shown to the user, so control characters become '?'.
 */
public final class ReasonCodec {
    public static final int MAX_REASON_BYTES = 1024;
    /** What a session reports when the peer's reason is empty or malformed: the transfer still ends. */
    public static final String NO_REASON = "no reason given";

    private ReasonCodec() {
    }

    /** Writes the whole datagram of {@code type} (REJECT or CANCEL); the buffer is left as exactly the datagram. */
    public static void encode(ByteBuffer out, int type, long transferId, String reason) {
        if (type != PacketType.REJECT && type != PacketType.CANCEL) {
            throw new IllegalArgumentException("not a reason datagram: " + type);
        }
        Wire.begin(out, type, transferId);
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        int length = Math.max(0, Math.min(bytes.length, Math.min(out.remaining() - 2, MAX_REASON_BYTES)));
        out.putShort((short) length).put(bytes, 0, length);
        Wire.finish(out);
    }

    /** Reads the body from the buffer's position to its limit; an empty reason reads as {@link #NO_REASON}. */
    public static String decode(ByteBuffer body) throws MalformedDatagramException {
        Body.need(body, 2, "reason length");
        int length = body.getShort() & 0xFFFF;
        Body.exactly(body, length, "reason");
        byte[] bytes = new byte[length];
        body.get(bytes);
        StringBuilder clean = new StringBuilder();
        new String(bytes, StandardCharsets.UTF_8).codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .forEach(clean::appendCodePoint);
        return clean.length() == 0 ? NO_REASON : clean.toString();
    }

    /** For a peer's last word: a malformed reason still ends the transfer, with {@link #NO_REASON}. */
    public static String decodeOrNoReason(ByteBuffer body) {
        try {
            return decode(body);
        } catch (MalformedDatagramException e) {
            return NO_REASON;
        }
    }
}
