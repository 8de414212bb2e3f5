package org.parley.transfer.receive;

import org.parley.transfer.wire.Wire;

/**
 * When the audience acknowledges: what is owed since the last ACK, whether it matters now, and the timestamp to
 * echo. An in-order stream is acknowledged after {@code batch} chunks at the end of a socket drain and at the
 * latest after twice as many, where {@code batch = min(64, window / 16)}, so a small window cannot run dry;
 * anything but the next chunk in sequence (a new gap, a repaired hole, a duplicate) or a PING changes what the
 * presenter must know, and is reported as soon as the socket is drained. And an ACK is never held longer than
 * {@link Wire#MAX_ACK_DELAY_NANOS} after the first chunk it owes arrived: on a slow link (100 Mbit/s: a datagram
 * every 120 us) a batch of 64 takes 7.7 ms to fill, longer than the presenter's retransmission timeout on a short
 * path, which then resent chunks that were only waiting to be acknowledged. On a fast path the batch fills long
 * before. Not thread-safe: the receive thread owns it, like the rest of the session's receive state.
 */
final class AckClock {
    private static final int MAX_BATCH_CHUNKS = 64;

    private int echo;
    private boolean due;
    private boolean urgent;
    private int since;
    private int batch = 1;
    private int nextExpected;
    /** When the oldest chunk owed an acknowledgement arrived (valid while {@link #due}). */
    private long owedSince;

    /** For a resumed download: the stream continues at {@code seq}. */
    void expect(int seq) {
        nextExpected = seq;
    }

    /**
     * A DATA for chunk {@code seq}, arrived at {@code nowNanos}; true when an ACK should go at once (twice the batch
     * is owed).
     */
    boolean data(int seq, int tsMicros, long nowNanos) {
        echo = tsMicros;
        if (!due) {
            owedSince = nowNanos;
        }
        due = true;
        if (seq != nextExpected) {
            urgent = true;
        }
        nextExpected = Math.max(nextExpected, seq + 1);
        return ++since >= 2 * batch;
    }

    /** A PING asks for a fresh ACK. */
    void ping(int tsMicros, long nowNanos) {
        echo = tsMicros;
        if (!due) {
            owedSince = nowNanos;
        }
        due = true;
        urgent = true;
    }

    /** At the end of a drain at {@code nowNanos} while datagrams keep coming: worth an ACK now. */
    boolean useful(long nowNanos) {
        return urgent || since >= batch || (due && nowNanos - owedSince >= Wire.MAX_ACK_DELAY_NANOS);
    }

    boolean due() {
        return due;
    }

    /**
     * An ACK granting {@code window} chunks is being sent: nothing is owed any more, and the batch follows the
     * window. Returns the timestamp it echoes.
     */
    int sent(int window) {
        due = false;
        urgent = false;
        since = 0;
        batch = Math.max(1, Math.min(MAX_BATCH_CHUNKS, window / 16));
        return echo;
    }
}
