package org.parley.bench.report;

import java.lang.management.ManagementFactory;

/**
 * CPU time of this JVM (the load generator) over an interval, so a table can say whether the load
 * generator rather than the server was what ran out of CPU.
 */
public final class CpuMeter {

    private static final double NANOS = 1e9;

    private final com.sun.management.OperatingSystemMXBean os;
    private final long startCpu;
    private final long startWall;

    private CpuMeter() {
        os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        startCpu = os.getProcessCpuTime();
        startWall = System.nanoTime();
    }

    public static CpuMeter start() {
        return new CpuMeter();
    }

    public CpuUse stop() {
        return new CpuUse((os.getProcessCpuTime() - startCpu) / NANOS, (System.nanoTime() - startWall) / NANOS,
                Runtime.getRuntime().availableProcessors());
    }

    /** Seconds of CPU over seconds of wall time on a machine of {@code cores}. */
    public record CpuUse(double cpuSeconds, double wallSeconds, int cores) {

        /** Cores kept busy on average (1.0 = one core fully used). */
        public double coresUsed() {
            return wallSeconds <= 0 ? 0 : cpuSeconds / wallSeconds;
        }

        /**
         * The generator shares the machine with the server; when it alone keeps more than half of the
         * cores busy, the server was starved of CPU by its own load and the figure is the generator's.
         */
        public boolean likelyBottleneck() {
            return coresUsed() > cores * 0.5;
        }

        public String describe() {
            return String.format("load generator CPU: %.1f s over %.1f s = %.2f of %d cores%s", cpuSeconds, wallSeconds,
                    coresUsed(), cores, likelyBottleneck() ? " -- the load generator was (likely) the bottleneck" : "");
        }
    }
}
