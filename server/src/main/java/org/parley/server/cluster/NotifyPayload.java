package org.parley.server.cluster;

import java.util.Base64;

/**
 * How a binary bus message travels as a PostgreSQL notification: NOTIFY carries text, at most 7,999
 * bytes of it with the server's default build (the documentation: "shorter than 8000 bytes"), so the
 * bytes go as base64 without line breaks. Base64 turns 3 bytes into 4 characters, which leaves
 * {@link #MAX_BYTES} = 5,997 bytes of message (1,999 groups of 3 make 7,996 characters).
 * Stateless; any thread.
 */
final class NotifyPayload {

    /** PostgreSQL's limit on a notification's payload string, in bytes, exclusive: 8,000. */
    static final int NOTIFY_LIMIT = 8000;

    /** The largest message that fits once encoded: {@code floor((NOTIFY_LIMIT - 1) / 4) * 3}. */
    static final int MAX_BYTES = (NOTIFY_LIMIT - 1) / 4 * 3;

    private NotifyPayload() {
    }

    static String encode(byte[] payload) {
        check(payload.length);
        return Base64.getEncoder().encodeToString(payload);
    }

    /** @throws IllegalArgumentException saying why, if a message of {@code length} bytes does not fit */
    static void check(int length) {
        if (length > MAX_BYTES) {
            throw new IllegalArgumentException("bus payload of " + length + " bytes is over the postgres limit of "
                    + MAX_BYTES + " bytes (NOTIFY carries under " + NOTIFY_LIMIT + " bytes, and base64 takes 4 for 3)");
        }
    }

    /** @throws IllegalArgumentException if the notification is not base64 (someone else's NOTIFY on our channel) */
    static byte[] decode(String text) {
        return Base64.getDecoder().decode(text);
    }
}
