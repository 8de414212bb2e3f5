package org.parley.transfer.send;

import java.util.BitSet;

/**
 * The sender's view of every chunk: delivered (cumulatively or by a SACK range), in flight ("in the pipe"),
 * or declared lost and queued for retransmission.
 *
 * <p>Loss detection follows RACK (RFC 8985): a chunk still missing is lost once a chunk <em>sent after it</em>
 * has been delivered, allowing a reordering window. Because send times, not sequence numbers, decide, a
 * retransmission is not declared lost again until something sent after it arrives. A retransmission timeout
 * covers the tail, when nothing later exists to be delivered.
 *
 * <p>A chunk that was sent more than once is ambiguous when it is acknowledged: the ACK may be for the first copy
 * (the retransmission was spurious: a timeout while the chunk sat in a queue) or for the last. Only the last copy's
 * send time is kept, so taking it for the delivery would make RACK see "sent after everything in flight" and
 * declare the whole flight lost. As RFC 8985 does with TCP timestamps, the send time of a retransmitted chunk
 * counts only when the ACK echoes a datagram sent no earlier than that retransmission ({@link #echoed}); on a
 * path that keeps order, the retransmission had then arrived.
 *
 * <p>The window counts chunks in the pipe (RFC 6675 style), so holes being repaired do not stop new data.
 * Memory: four bits per chunk of the file plus one {@code long} per ring slot; never the file's bytes.
 * Not thread-safe: the owning session guards it.
 */
final class Scoreboard {
    private final int totalChunks;
    private final int ringSize;
    private final long[] sentAt;
    private final BitSet delivered;
    private final BitSet inPipe;
    private final BitSet queued;
    /** Chunks sent more than once: their delivery is judged against {@link #echoSentAt}. */
    private final BitSet retransmitted;
    private final int[] lostQueue;
    private int lostHead;
    private int lostCount;

    private int cumulative;
    private int nextNew;
    private int highestDelivered;
    private int pipe;
    private long newestDeliveredSentAt = Long.MIN_VALUE;
    /** Send time of the datagram the ACK being applied echoes; MAX_VALUE (trust every send time) until told. */
    private long echoSentAt = Long.MAX_VALUE;
    private long retransmissions;
    private long deliveredChunks;
    private long lostChunks;

    Scoreboard(int totalChunks, int maxWindow) {
        this.totalChunks = totalChunks;
        this.ringSize = Math.max(4, maxWindow * 4);
        this.sentAt = new long[ringSize];
        this.delivered = new BitSet(totalChunks);
        this.inPipe = new BitSet(totalChunks);
        this.queued = new BitSet(totalChunks);
        this.retransmitted = new BitSet(totalChunks);
        this.lostQueue = new int[ringSize * 2];
    }

    boolean allDelivered() {
        return cumulative >= totalChunks;
    }

    int cumulative() {
        return cumulative;
    }

    int pipe() {
        return pipe;
    }

    long retransmissions() {
        return retransmissions;
    }

    /** Chunks delivered so far (each once): what an ACK delivered is the difference across it. */
    long deliveredChunks() {
        return deliveredChunks;
    }

    /** Chunks declared lost so far (a chunk lost twice counts twice). */
    long lostChunks() {
        return lostChunks;
    }

    /** Next chunk to send within {@code window}, lost chunks first; -1 when nothing may go now. */
    int next(int window) {
        while (lostCount > 0) {
            int seq = lostQueue[lostHead];
            lostHead = (lostHead + 1) % lostQueue.length;
            lostCount--;
            queued.clear(seq);
            if (!delivered.get(seq)) {
                retransmissions++;
                retransmitted.set(seq);
                return seq;
            }
        }
        if (nextNew < totalChunks && pipe < window && nextNew - cumulative < ringSize) {
            return nextNew++;
        }
        return -1;
    }

    void sent(int seq, long nowNanos) {
        sentAt[seq % ringSize] = nowNanos;
        if (!inPipe.get(seq)) {
            inPipe.set(seq);
            pipe++;
        }
    }

    /**
     * The ACK about to be applied echoes the timestamp of a datagram sent at {@code sentAtNanos}, the newest one
     * the audience had when it acknowledged; {@code Long.MIN_VALUE} when the echo was implausible (then no
     * retransmitted chunk's send time is trusted).
     */
    void echoed(long sentAtNanos) {
        echoSentAt = sentAtNanos;
    }

    /** Applies one ACK's cumulative point; returns true when it delivered anything new. */
    boolean acknowledgeBelow(int cumulativeFromPeer) {
        int end = Math.min(cumulativeFromPeer, nextNew);
        boolean progress = false;
        for (int seq = delivered.nextClearBit(cumulative); seq < end; seq = delivered.nextClearBit(seq + 1)) {
            progress |= deliver(seq);
        }
        advanceCumulative();
        return progress;
    }

    /**
     * Before anything is sent: the audience already holds every chunk below {@code held} (a resumed upload), so
     * they count as delivered and sending starts at {@code held}. They were never sent in this session, so they
     * carry no send time and cannot make RACK declare anything lost.
     */
    void alreadyHeldBelow(int held) {
        if (nextNew != 0 || pipe != 0) {
            throw new IllegalStateException("chunks were already sent");
        }
        int n = Math.max(0, Math.min(held, totalChunks));
        delivered.set(0, n);
        nextNew = n;
        cumulative = n;
        highestDelivered = n;
    }

    /** Applies one SACK range [start, end); returns true when it delivered anything new. */
    boolean acknowledgeRange(int start, int end) {
        int from = Math.max(start, cumulative);
        int to = Math.min(end, nextNew);
        boolean progress = false;
        for (int seq = delivered.nextClearBit(from); seq < to; seq = delivered.nextClearBit(seq + 1)) {
            progress |= deliver(seq);
        }
        advanceCumulative();
        return progress;
    }

    /**
     * RACK: queues every in-flight chunk sent sufficiently before the newest delivered one. Holes below the
     * highest delivered chunk are all checked (retransmissions live there, out of send-time order); above it
     * only first transmissions remain, sent in sequence order, so the scan stops at the first recent one.
     */
    void detectLosses(long reorderWindowNanos) {
        if (newestDeliveredSentAt == Long.MIN_VALUE) {
            return;
        }
        long deadline = newestDeliveredSentAt - reorderWindowNanos;
        for (int seq = inPipe.nextSetBit(cumulative); seq >= 0 && seq < nextNew; seq = inPipe.nextSetBit(seq + 1)) {
            boolean old = sentAt[seq % ringSize] < deadline;
            if (old) {
                declareLost(seq);
            } else if (seq >= highestDelivered) {
                return;
            }
        }
    }

    /**
     * Timeout: resends only the oldest chunk in flight, as a probe. Declaring the whole pipe lost would resend
     * a window of data every time a thread is merely descheduled; the probe's ACK instead tells RACK exactly
     * which chunks are missing, since everything sent before the probe then counts as overtaken.
     * Returns true when a chunk was queued.
     */
    boolean declareOldestInFlightLost() {
        int seq = inPipe.nextSetBit(cumulative);
        if (seq < 0 || seq >= nextNew) {
            return false;
        }
        declareLost(seq);
        return true;
    }

    private boolean deliver(int seq) {
        delivered.set(seq);
        deliveredChunks++;
        if (inPipe.get(seq)) {
            inPipe.clear(seq);
            pipe--;
        }
        long sentTime = sentAt[seq % ringSize];
        if (!retransmitted.get(seq) || sentTime <= echoSentAt) {
            newestDeliveredSentAt = Math.max(newestDeliveredSentAt, sentTime);
        }
        highestDelivered = Math.max(highestDelivered, seq + 1);
        return true;
    }

    private void declareLost(int seq) {
        inPipe.clear(seq);
        pipe--;
        lostChunks++;
        // A full queue only happens with stale entries; the retransmission timeout recovers what is skipped.
        if (!queued.get(seq) && lostCount < lostQueue.length) {
            queued.set(seq);
            lostQueue[(lostHead + lostCount) % lostQueue.length] = seq;
            lostCount++;
        }
    }

    private void advanceCumulative() {
        cumulative = Math.min(totalChunks, delivered.nextClearBit(cumulative));
    }
}
