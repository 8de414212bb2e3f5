package org.parley.transfer.wire;

import java.nio.ByteBuffer;

/** Exact bounds checks shared by the decoders: a body is read from its position to its limit, no more, no less. */
final class Body {
    private Body() {
    }

    /** At least {@code bytes} remain for the named field. */
    static void need(ByteBuffer body, int bytes, String what) throws MalformedDatagramException {
        if (body.remaining() < bytes) {
            throw new MalformedDatagramException(what + " truncated: " + body.remaining() + " of " + bytes
                    + " bytes");
        }
    }

    /** Nothing is left after the last field. */
    static void end(ByteBuffer body, String type) throws MalformedDatagramException {
        if (body.hasRemaining()) {
            throw new MalformedDatagramException(type + " has " + body.remaining() + " trailing bytes");
        }
    }

    /** Exactly {@code bytes} remain: the body of a fixed-size type. */
    static void exactly(ByteBuffer body, int bytes, String type) throws MalformedDatagramException {
        if (body.remaining() != bytes) {
            throw new MalformedDatagramException(type + " body is " + body.remaining() + " bytes, not " + bytes);
        }
    }
}
