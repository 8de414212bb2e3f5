package org.parley.transfer.receive;

import java.nio.ByteBuffer;
import java.util.BitSet;

/**
 * Which chunks the audience holds: one bit per chunk, the cumulative point (all chunks below it are held) and
 * the encoding of the held ranges above it into an ACK body. Not thread-safe: the receive thread owns it.
 */
final class ReceivedChunks {
    private final int total;
    private final BitSet held;
    private int cumulative;
    private int count;

    ReceivedChunks(int total) {
        this.total = total;
        this.held = new BitSet(total);
    }

    /** Records a chunk; false when it was already held (a duplicate). */
    boolean add(int seq) {
        if (held.get(seq)) {
            return false;
        }
        held.set(seq);
        count++;
        if (seq == cumulative) {
            cumulative = Math.min(total, held.nextClearBit(seq));
        }
        return true;
    }

    boolean complete() {
        return count == total;
    }

    int cumulative() {
        return cumulative;
    }

    /**
     * Writes the range count (u16) and up to {@code maxRanges} held ranges [start, end) above the cumulative
     * point, nearest first: those are the ones that let the sender repair the oldest holes soonest.
     */
    void writeRanges(ByteBuffer out, int maxRanges) {
        writeRanges(out, maxRanges, cumulative);
    }

    /**
     * Like {@link #writeRanges(ByteBuffer, int)} but for ranges starting at or after {@code from}, so that a
     * long list can continue in a further ACK. Returns where the next ACK should continue, or -1 when every
     * held range was written.
     */
    int writeRanges(ByteBuffer out, int maxRanges, int from) {
        int countAt = out.position();
        out.putShort((short) 0);
        int ranges = 0;
        int start = from >= total ? -1 : held.nextSetBit(Math.max(from, cumulative));
        while (start >= 0 && start < total && ranges < maxRanges) {
            int end = Math.min(total, held.nextClearBit(start));
            out.putInt(start).putInt(end);
            ranges++;
            start = end >= total ? -1 : held.nextSetBit(end);
        }
        out.putShort(countAt, (short) ranges);
        return start >= total ? -1 : start;
    }
}
