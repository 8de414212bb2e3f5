package org.parley.transfer;

import java.time.Duration;
import org.parley.transfer.seal.DroppedDatagrams;

/**
 * How a completed upload went, as seen by the presenter; {@code dropped} counts what the presenter refused to
 * read of the transfer (forged, replayed or corrupted answers, strangers); {@code resumedBytes} is how much of
 * the file the audience already held from an interrupted transfer of it, and was not sent again.
 */
public record TransferOutcome(long transferId, long bytes, Duration elapsed, long datagramsSent,
                              long retransmissions, DroppedDatagrams dropped, long resumedBytes) {
    public double bytesPerSecond() {
        long nanos = Math.max(1, elapsed.toNanos());
        return bytes * 1e9 / nanos;
    }
}
