package org.parley.server.core;

import org.parley.protocol.Event;

/**
 * What a frame will cost on the wire, counted without encoding it (the core thread does not spend a
 * JSON encoding on flow control): the UTF-8 length of its strings, one more byte for each character
 * JSON escapes, and a fixed allowance for names, numbers and punctuation. An estimate a few bytes
 * high, never low for validated texts.
 */
final class FrameSizes {

    /**
     * {@code {"type":"message-received","messageId":…,"from":"","text":"","at":…,"offline":false}\n}
     * with both numbers at 19 digits is 129 bytes.
     */
    private static final int MESSAGE_OVERHEAD = 136;

    private FrameSizes() {}

    static int of(Event.MessageReceived event) {
        return MESSAGE_OVERHEAD + jsonBytes(event.from()) + jsonBytes(event.text());
    }

    static int jsonBytes(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20) {
                bytes += 6; // backslash, u and four hex digits
            } else if (c == '"' || c == '\\') {
                bytes += 2;
            } else if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
