package org.parley.transfer.send;

import java.util.concurrent.locks.LockSupport;

/**
 * Optional rate ceiling: spaces datagrams by their size at the configured rate, sleeping with nanosecond
 * parking rather than a coarse timer. A small credit allows short bursts, so parking (which costs tens of
 * microseconds) happens every few datagrams, not after each one.
 */
final class Pacer {
    private static final long BURST_NANOS = 200_000L;

    private final long bytesPerSecond;
    private long nextSendAt;

    Pacer(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    void beforeSend(int bytes) {
        if (bytesPerSecond <= 0) {
            return;
        }
        long now = System.nanoTime();
        nextSendAt = Math.max(nextSendAt, now - BURST_NANOS) + bytes * 1_000_000_000L / bytesPerSecond;
        long wait = nextSendAt - now;
        if (wait > BURST_NANOS / 4) {
            LockSupport.parkNanos(wait);
        }
    }
}
