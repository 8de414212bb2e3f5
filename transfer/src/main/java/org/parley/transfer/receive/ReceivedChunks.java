package org.parley.transfer.receive;

import java.util.BitSet;
import java.util.List;
import org.parley.transfer.wire.AckRange;

/**
 * Which chunks the audience holds: one bit per chunk, the cumulative point (all chunks below it are held) and
 * the held ranges above it, for the ACKs. Not thread-safe: the receive thread owns it.
 */
final class ReceivedChunks {
    private final int total;
    private final BitSet held;
    private int cumulative;
    private int count;

    ReceivedChunks(int total) {
        this(total, 0);
    }

    /** With every chunk below {@code heldBelow} already held (a resumed download). */
    ReceivedChunks(int total, int heldBelow) {
        this.total = total;
        this.held = new BitSet(total);
        int n = Math.max(0, Math.min(heldBelow, total));
        held.set(0, n);
        this.count = n;
        this.cumulative = n;
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
     * Adds to {@code out} up to {@code maxRanges} held ranges [start, end) above the cumulative point starting at
     * or after {@code from}, nearest first: those let the sender repair the oldest holes soonest. Returns where a
     * further ACK should continue, or -1 when every held range was listed.
     */
    int ranges(List<AckRange> out, int maxRanges, int from) {
        int ranges = 0;
        int start = from >= total ? -1 : held.nextSetBit(Math.max(from, cumulative));
        while (start >= 0 && start < total && ranges < maxRanges) {
            int end = Math.min(total, held.nextClearBit(start));
            out.add(new AckRange(start, end));
            ranges++;
            start = end >= total ? -1 : held.nextSetBit(end);
        }
        return start >= total ? -1 : start;
    }
}
