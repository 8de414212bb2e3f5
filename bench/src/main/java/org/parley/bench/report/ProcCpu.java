package org.parley.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * CPU seconds used so far by a set of local processes (a broker, or the PostgreSQL backends serving
 * the bus's connections), read from {@code /proc/<pid>/stat} (user + system, in clock ticks of
 * 1/100 s on Linux). Where /proc cannot be read, {@link #seconds} is NaN and the tables say n/a.
 */
public final class ProcCpu {

    private static final double TICKS_PER_SECOND = 100.0;

    private final Supplier<List<Long>> pids;

    public ProcCpu(Supplier<List<Long>> pids) {
        this.pids = pids;
    }

    public static ProcCpu none() {
        return new ProcCpu(List::of);
    }

    public double seconds() {
        List<Long> list = pids.get();
        if (list.isEmpty()) {
            return Double.NaN;
        }
        double total = 0;
        for (long pid : list) {
            try {
                String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
                // the command name (field 2) is in parentheses and may hold spaces: count from its end
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                total += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
            } catch (IOException | RuntimeException e) {
                return Double.NaN;
            }
        }
        return total;
    }
}
