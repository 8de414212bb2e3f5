package org.parley.server.core;

import java.util.TreeSet;

/**
 * Which numbers of one gap-free sequence (the broadcasts, or one room's messages) this node has fanned
 * out: everything up to {@link #contiguous()}, and the numbers seen above it. Events from different
 * nodes may arrive out of number order, and a bus outage loses some; catch-up reads from the database
 * what lies above {@link #contiguous()} and delivers only what {@link #see} says is new. Core thread only.
 */
final class SeenNumbers {

    private long contiguous;
    private final TreeSet<Long> above = new TreeSet<>();

    SeenNumbers(long contiguous) {
        this.contiguous = contiguous;
    }

    /** Every number up to this one has been seen. */
    long contiguous() {
        return contiguous;
    }

    /** Records the number; true if it had not been seen (so it is to be delivered). */
    boolean see(long number) {
        if (number <= contiguous || !above.add(number)) {
            return false;
        }
        while (!above.isEmpty() && above.first() == contiguous + 1) {
            contiguous = above.pollFirst();
        }
        return true;
    }

    /** True while some number below the highest seen is missing. */
    boolean hasGap() {
        return !above.isEmpty();
    }
}
