package org.parley.transfer;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.parley.transfer.wire.DatagramOut;

/**
 * The last word of recently ended incoming transfers (DONE or REJECT). A presenter whose copy of that word
 * was lost keeps probing; answering from here makes it learn the outcome instead of timing out.
 */
final class Tombstones {
    private record Entry(ByteBuffer reply, InetSocketAddress peer, long expiresAt) {
    }

    private final Map<Long, Entry> entries = new ConcurrentHashMap<>();
    private final long lifetimeNanos;

    Tombstones(long lifetimeNanos) {
        this.lifetimeNanos = lifetimeNanos;
    }

    void remember(long transferId, ByteBuffer reply, InetSocketAddress peer) {
        if (reply != null && peer != null) {
            entries.put(transferId, new Entry(reply.asReadOnlyBuffer(), peer, System.nanoTime() + lifetimeNanos));
        }
    }

    /** Repeats the last word to its own peer only; anyone else learns nothing. */
    void answer(long transferId, InetSocketAddress from, DatagramOut out) {
        Entry entry = entries.get(transferId);
        if (entry != null && entry.peer().equals(from)) {
            out.send(entry.reply().duplicate(), from);
        }
    }

    void expire(long now) {
        entries.values().removeIf(e -> now - e.expiresAt() > 0);
    }
}
