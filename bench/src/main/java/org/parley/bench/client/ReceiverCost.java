package org.parley.bench.client;

import java.util.List;
import org.parley.bench.support.ProcStat;

/**
 * What each receiving terminal client spent per broadcast over the measured rounds: its JVM's CPU (user +
 * system, from {@code /proc/<pid>/stat}, in 10 ms ticks: read it over enough messages) and the bytes its
 * terminal showed, escape sequences included. Everything the receivers did during the rounds counts, the
 * 20 ms gaps between broadcasts included (an idle client spends next to nothing there).
 *
 * @param messages broadcasts received in all (receivers times rounds)
 * @param cpuTicks CPU ticks of all receivers together, or -1 where /proc could not be read
 * @param bytes    terminal bytes of all receivers together
 */
public record ReceiverCost(long messages, long cpuTicks, long bytes) {

    /** One receiver at one moment. {@code cpuTicks} is -1 where /proc could not be read. */
    record Sample(long cpuTicks, long bytes) {
    }

    /** The receivers' samples before and after {@code rounds} broadcasts, in the same order. */
    static ReceiverCost between(List<Sample> before, List<Sample> after, int rounds) {
        if (before.size() != after.size()) {
            throw new IllegalArgumentException(before.size() + " samples before, " + after.size() + " after");
        }
        long ticks = 0;
        long bytes = 0;
        for (int i = 0; i < before.size(); i++) {
            Sample b = before.get(i);
            Sample a = after.get(i);
            ticks = ticks < 0 || b.cpuTicks() < 0 || a.cpuTicks() < 0 ? -1 : ticks + a.cpuTicks() - b.cpuTicks();
            bytes += a.bytes() - b.bytes();
        }
        return new ReceiverCost((long) before.size() * rounds, ticks, bytes);
    }

    /** Milliseconds of CPU per broadcast per receiver; NaN when unknown. */
    public double cpuMillisPerMessage() {
        return cpuTicks < 0 || messages == 0 ? Double.NaN : cpuTicks * (1000.0 / ProcStat.TICKS_PER_SECOND) / messages;
    }

    /** Terminal bytes per broadcast per receiver. */
    public double bytesPerMessage() {
        return messages == 0 ? Double.NaN : (double) bytes / messages;
    }
}
