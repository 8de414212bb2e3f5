package org.parley.client.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Progress of the uploads under way, one line each, shown by the console's status area (a terminal) or
 * not at all (a script, which sees only the start and end lines). Updates are throttled: transfers
 * report often, a person reads a few times a second.
 */
final class Progress {

    private static final long REFRESH_NANOS = 250_000_000L;

    private final Console console;
    private final Map<String, String> lines = new LinkedHashMap<>();
    private long lastRefresh;

    Progress(Console console) {
        this.console = console;
    }

    synchronized void update(String key, String label, long done, long total, double bytesPerSecond) {
        lines.put(key, line(label, done, total, bytesPerSecond));
        long now = System.nanoTime();
        if (now - lastRefresh >= REFRESH_NANOS) {
            lastRefresh = now;
            console.status(List.copyOf(lines.values()));
        }
    }

    synchronized void done(String key) {
        if (lines.remove(key) != null) {
            console.status(new ArrayList<>(lines.values()));
        }
    }

    static String line(String label, long done, long total, double bytesPerSecond) {
        int width = 20;
        double fraction = total == 0 ? 1 : Math.min(1, (double) done / total);
        int filled = (int) Math.round(fraction * width);
        String bar = "#".repeat(filled) + "-".repeat(width - filled);
        String eta = bytesPerSecond > 0 ? Math.round((total - done) / bytesPerSecond) + " s left" : "--";
        return String.format("%s [%s] %3d%% %.1f MB/s %s", label, bar, Math.round(fraction * 100),
                bytesPerSecond / 1_000_000, eta);
    }
}
