package org.parley.transfer;

import java.time.Duration;

/** How a completed upload went, as seen by the presenter. */
public record TransferOutcome(long transferId, long bytes, Duration elapsed, long datagramsSent,
                              long retransmissions) {
    public double bytesPerSecond() {
        long nanos = Math.max(1, elapsed.toNanos());
        return bytes * 1e9 / nanos;
    }
}
