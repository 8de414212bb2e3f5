package org.parley.protocol;

/** Hard sizes both ends enforce; a peer exceeding them gets an error, never a bigger buffer. */
public final class Limits {
    /** One frame, JSON plus newline. Frames above this close the connection. */
    public static final int MAX_FRAME_BYTES = 64 * 1024;
    /** Characters of one message text (broadcast, direct, room, private). */
    public static final int MAX_TEXT_CHARS = 4000;
    public static final int MAX_USERNAME_CHARS = 32;
    public static final int MAX_PASSWORD_CHARS = 128;
    public static final int MAX_FILE_NAME_CHARS = 255;
    public static final int MAX_ROOM_USERS = 64;
    /**
     * Message ids in one {@code ack}; the server never has more unacknowledged messages in flight to one
     * session than this, so one ack can always cover them all.
     */
    public static final int MAX_ACK_IDS = 1024;
    /** Bounds of the heartbeat a client may declare in {@code hello}, in seconds. */
    public static final int MIN_HEARTBEAT_SECONDS = 1;
    public static final int MAX_HEARTBEAT_SECONDS = 600;
    /** An upload's transfer key: 32 bytes as unpadded URL-safe base64. */
    public static final int TRANSFER_KEY_CHARS = 43;

    private Limits() {}
}
