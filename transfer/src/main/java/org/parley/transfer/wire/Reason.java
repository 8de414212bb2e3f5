package org.parley.transfer.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** REJECT and CANCEL body: reason (u16 length + UTF-8), cut to what fits the datagram. */
public final class Reason {
    private Reason() {
    }

    public static void encode(ByteBuffer buffer, String reason) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(bytes.length, Math.min(buffer.remaining() - 2, 1024));
        buffer.putShort((short) length).put(bytes, 0, length);
    }

    /** Lenient: a malformed reason still ends the transfer, with a generic text. */
    public static String decode(ByteBuffer buffer) {
        if (buffer.remaining() < 2) {
            return "no reason given";
        }
        int length = Math.min(buffer.getShort() & 0xFFFF, buffer.remaining());
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        StringBuilder clean = new StringBuilder();
        new String(bytes, StandardCharsets.UTF_8).codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .forEach(clean::appendCodePoint);
        return clean.length() == 0 ? "no reason given" : clean.toString();
    }
}
