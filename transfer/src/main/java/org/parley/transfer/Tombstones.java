package org.parley.transfer;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.parley.transfer.seal.Seal;
import org.parley.transfer.wire.DatagramOut;
import org.parley.transfer.wire.PacketType;

/**
 * The last word of recently ended incoming transfers (DONE or REJECT). A presenter whose copy of that word
 * was lost keeps probing; answering from here makes it learn the outcome instead of timing out.
 *
 * <p>Each entry keeps its transfer's seal: a probe is answered only when it opens under the transfer's key
 * (so a stranger cannot make us send anything), and every answer is sealed afresh (a new counter, never the
 * same nonce twice). {@link #answer} runs on the receive thread, the only user of the openers.
 */
final class Tombstones {
    private record Entry(ByteBuffer reply, InetSocketAddress peer, Seal seal, long expiresAt) {
    }

    private final Map<Long, Entry> entries = new ConcurrentHashMap<>();
    private final long lifetimeNanos;

    Tombstones(long lifetimeNanos) {
        this.lifetimeNanos = lifetimeNanos;
    }

    /** {@code reply}: the encoded (unsealed) last word; copied. */
    void remember(long transferId, ByteBuffer reply, InetSocketAddress peer, Seal seal) {
        if (reply != null && peer != null) {
            ByteBuffer copy = ByteBuffer.allocate(reply.limit());
            copy.put(reply.duplicate().position(0)).flip();
            entries.put(transferId, new Entry(copy, peer, seal, System.nanoTime() + lifetimeNanos));
        }
    }

    /** Repeats the last word to its own peer only, for an authentic OFFER/DATA/PING; anyone else learns nothing. */
    void answer(long transferId, int type, ByteBuffer datagram, InetSocketAddress from, ByteBuffer scratch,
                DatagramOut out) {
        Entry entry = entries.get(transferId);
        if (entry == null) {
            return;
        }
        if (!entry.peer().equals(from)) {
            entry.seal().opener().drops().stranger();
            return;
        }
        if (entry.seal().opener().open(datagram, scratch) != null && type != PacketType.CANCEL) {
            out.send(entry.seal().sealer().seal(entry.reply().duplicate()), from);
        }
    }

    void expire(long now) {
        entries.values().removeIf(e -> now - e.expiresAt() > 0);
    }
}
