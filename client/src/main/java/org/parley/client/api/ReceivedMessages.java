package org.parley.client.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of the direct messages a user's client has shown, to drop the ones the server sends again: a
 * message is delivered for good only once the server has committed the client's ack, so after a
 * dropped connection or a server crash the next login may bring some again. Bounded: the newest
 * {@code capacity} ids are kept. A server never has more than {@code Limits.MAX_ACK_IDS} messages
 * unacknowledged to one session, so the default keeps many times what can come twice.
 *
 * <p>Pass one instance to successive connections of the same user to drop duplicates across them.
 * Thread-safe (connections may run on different event loops).
 */
public final class ReceivedMessages {

    public static final int DEFAULT_CAPACITY = 16_384;

    private final Map<Long, Boolean> ids;

    public ReceivedMessages() {
        this(DEFAULT_CAPACITY);
    }

    public ReceivedMessages(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.ids = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True the first time this id is seen (the message is to be shown), false for a duplicate. */
    public synchronized boolean firstTime(long messageId) {
        return ids.put(messageId, Boolean.TRUE) == null;
    }

    public synchronized int size() {
        return ids.size();
    }
}
