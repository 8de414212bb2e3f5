package org.parley.bench.support;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Byte searches over frames where they lie in a read buffer: the lean generator never decodes JSON. */
public final class Bytes {

    private Bytes() {}

    public static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Where {@code needle} starts in {@code [from, to)}, or -1; skips ahead by one of its rarer bytes. */
    public static int indexOf(ByteBuf haystack, byte[] needle, int from, int to) {
        int anchor = anchorOf(needle);
        for (int i = from + anchor; i < to; ) {
            int hit = haystack.indexOf(i, to, needle[anchor]);
            if (hit < 0) {
                return -1;
            }
            int start = hit - anchor;
            if (start >= from && start + needle.length <= to && regionMatches(haystack, start, needle)) {
                return start;
            }
            i = hit + 1;
        }
        return -1;
    }

    public static boolean regionMatches(ByteBuf buf, int at, byte[] expected) {
        if (at < 0 || at + expected.length > buf.writerIndex()) {
            return false;
        }
        for (int j = 0; j < expected.length; j++) {
            if (buf.getByte(at + j) != expected[j]) {
                return false;
            }
        }
        return true;
    }

    /** The decimal digits at {@code at} (up to {@code end} or the first non-digit) as a number. */
    public static long digits(ByteBuf buf, int at, int end) {
        long value = 0;
        for (int i = at; i < end; i++) {
            byte b = buf.getByte(i);
            if (b < '0' || b > '9') {
                break;
            }
            value = value * 10 + (b - '0');
        }
        return value;
    }

    /** JSON punctuation and lowercase letters are frequent in frames; prefer a byte that is not. */
    private static int anchorOf(byte[] needle) {
        for (int i = 0; i < needle.length; i++) {
            if (needle[i] == 'x' || needle[i] == 'k' || needle[i] == 'z') {
                return i;
            }
        }
        return needle.length - 1;
    }
}
