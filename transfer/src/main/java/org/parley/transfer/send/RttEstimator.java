package org.parley.transfer.send;

import org.parley.transfer.wire.Wire;

/**
 * Smoothed round-trip time as in RFC 6298, but with a floor in microseconds rather than a second: samples come
 * from echoed timestamps, so every ACK gives one and retransmissions never make them ambiguous.
 */
final class RttEstimator {
    /**
     * Before the first sample, which is only while the OFFER waits for its ACCEPT: 25 ms, doubling with each
     * repeat. TCP waits a second for a lost SYN and QUIC starts from 333 ms because a duplicate handshake costs a
     * server state on the open Internet; here a repeated OFFER costs the audience one more ACCEPT (it is
     * idempotent), while a lost OFFER or ACCEPT held the whole upload for the old 200 ms (a quarter of a 64 MiB
     * upload's time through the benchmark's 10% loss relay). On a 300 ms path it sends four extra OFFERs.
     */
    static final long INITIAL_RTO_NANOS = 25_000_000L;
    private static final long MIN_RTO_NANOS = 2_000_000L;
    private static final long MAX_SAMPLE_NANOS = 60_000_000_000L;

    private long smoothed = -1;
    private long variance;
    private long minimum = Long.MAX_VALUE;

    /**
     * Both clocks are the sender's own microsecond clock, so wrap-around cancels out in the subtraction.
     * Returns the sample in nanoseconds, or -1 when it was implausible and ignored.
     */
    long sample(int nowMicros, int echoedMicros) {
        long sample = (long) (nowMicros - echoedMicros) * 1000L;
        if (sample < 0 || sample > MAX_SAMPLE_NANOS) {
            return -1;
        }
        minimum = Math.min(minimum, sample);
        if (smoothed < 0) {
            smoothed = sample;
            variance = sample / 2;
        } else {
            variance += (Math.abs(smoothed - sample) - variance) / 4;
            smoothed += (sample - smoothed) / 8;
        }
        return sample;
    }

    long rtoNanos() {
        if (smoothed < 0) {
            return INITIAL_RTO_NANOS;
        }
        // The audience may hold an ACK this long (its batch): the samples (echoes of the newest datagram) do not
        // include that wait, so without it a batched ACK would look like a loss (QUIC's PTO adds it the same way).
        return Math.max(MIN_RTO_NANOS, smoothed + 4 * variance) + Wire.MAX_ACK_DELAY_NANOS;
    }

    /** RACK's reordering allowance: a quarter of the minimum RTT. */
    long reorderWindowNanos() {
        return minimum == Long.MAX_VALUE ? 0 : minimum / 4;
    }

    long smoothedNanos() {
        return Math.max(smoothed, 0);
    }
}
