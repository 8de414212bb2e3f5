package org.parley.bench.report;

import org.HdrHistogram.Histogram;

/** Latency percentiles in milliseconds, from a histogram recorded in nanoseconds. */
public record Latency(long count, double p50, double p99, double p999, double max) {

    private static final double NANOS_PER_MILLI = 1e6;

    /** A histogram wide enough for anything a benchmark waits for (1 µs .. 10 min, 3 digits). */
    public static Histogram newHistogram() {
        return new Histogram(1_000L, 600_000_000_000L, 3);
    }

    public static Latency of(Histogram h) {
        if (h.getTotalCount() == 0) {
            return new Latency(0, 0, 0, 0, 0);
        }
        return new Latency(h.getTotalCount(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)),
                ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()));
    }

    private static double ms(long nanos) {
        return nanos / NANOS_PER_MILLI;
    }
}
