package org.parley.transfer.send.congestion;

/**
 * Spaces datagrams at a rate, in quanta: a token bucket whose depth is one quantum, so up to a quantum of bytes
 * leaves back to back and the sender parks once per quantum rather than once per datagram (parking costs tens
 * of microseconds, more than a datagram's slot at hundreds of MB/s). At low rates the quantum is two datagrams,
 * so the bottleneck's queue sees pairs, not bursts. Not thread-safe.
 */
final class PacingBucket {
    /** About a millisecond of sending per quantum, as Linux's TSO autosizing does for TCP. */
    private static final long QUANTUM_NANOS = 1_000_000L;
    private static final long MAX_QUANTUM_BYTES = 64 * 1024;

    private final int datagramBytes;
    private boolean paced;
    private long nextSendAt;

    PacingBucket(int datagramBytes) {
        this.datagramBytes = datagramBytes;
    }

    /** Charges {@code bytes} sent at {@code now} at {@code bytesPerSecond} (0 or less: unpaced). */
    void sent(long now, int bytes, double bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            paced = false;
            return;
        }
        double quantumBytes = Math.max(2.0 * datagramBytes,
                Math.min(MAX_QUANTUM_BYTES, bytesPerSecond * QUANTUM_NANOS / 1e9));
        long credit = (long) (quantumBytes * 1e9 / bytesPerSecond);
        // Differences, not comparisons, of nanoTime values: it may be negative and only differences mean anything.
        long start = paced && nextSendAt - (now - credit) > 0 ? nextSendAt : now - credit;
        nextSendAt = start + (long) (bytes * 1e9 / bytesPerSecond);
        paced = true;
    }

    /** 0 when a datagram may leave at {@code now}, else the nanoseconds until one may. */
    long delayNanos(long now) {
        return paced ? Math.max(0, nextSendAt - now) : 0;
    }
}
