package org.parley.bench.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A local process's CPU time from {@code /proc/<pid>/stat}: user + system, of every thread it ever ran
 * (ended ones included), in clock ticks of 1/100 s (Linux's fixed USER_HZ).
 */
public final class ProcStat {

    public static final double TICKS_PER_SECOND = 100.0;

    private ProcStat() {
    }

    /** User + system ticks from one {@code /proc/<pid>/stat} line. */
    public static long cpuTicks(String stat) {
        // the command name (field 2) is in parentheses and may hold spaces and parentheses: count from
        // the last ')'; after it, state is field 3, utime field 14, stime field 15
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    public static long cpuTicks(long pid) throws IOException {
        return cpuTicks(Files.readString(Path.of("/proc", String.valueOf(pid), "stat")));
    }

    public static double cpuSeconds(long pid) throws IOException {
        return cpuTicks(pid) / TICKS_PER_SECOND;
    }
}
