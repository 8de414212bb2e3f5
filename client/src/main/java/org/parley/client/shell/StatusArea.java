package org.parley.client.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lines pinned below the prompt on a terminal: upload progress and private-chat questions still
 * waiting for an answer, so neither scrolls away among other output. A script has no status area and
 * sees only whole lines. Progress updates are throttled: transfers report often, a person reads a few
 * times a second.
 */
final class StatusArea {

    private static final long REFRESH_NANOS = 250_000_000L;

    private final Console console;
    private final Map<String, String> lines = new LinkedHashMap<>();
    private long lastRefresh;

    StatusArea(Console console) {
        this.console = console;
    }

    /** Shows or replaces the line under {@code key} at once. */
    synchronized void put(String key, String line) {
        lines.put(key, line);
        refresh();
    }

    synchronized void progress(String key, String label, long done, long total, double bytesPerSecond) {
        lines.put(key, progressLine(label, done, total, bytesPerSecond));
        if (System.nanoTime() - lastRefresh >= REFRESH_NANOS) {
            refresh();
        }
    }

    synchronized void remove(String key) {
        if (lines.remove(key) != null) {
            refresh();
        }
    }

    private void refresh() {
        lastRefresh = System.nanoTime();
        console.status(new ArrayList<>(lines.values()));
    }

    static String progressLine(String label, long done, long total, double bytesPerSecond) {
        int width = 20;
        double fraction = total == 0 ? 1 : Math.min(1, (double) done / total);
        int filled = (int) Math.round(fraction * width);
        String bar = "#".repeat(filled) + "-".repeat(width - filled);
        String eta = bytesPerSecond > 0 ? Math.round((total - done) / bytesPerSecond) + " s left" : "--";
        return String.format("%s [%s] %3d%% %.1f MB/s %s", label, bar, Math.round(fraction * 100),
                bytesPerSecond / 1_000_000, eta);
    }
}
