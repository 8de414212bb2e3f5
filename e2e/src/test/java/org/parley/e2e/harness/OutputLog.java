package org.parley.e2e.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The output of a child process as entries: whole lines, and the login prompts that the client prints
 * without a newline (a script waits for them). A reader thread fills it; {@link #await} walks a cursor
 * forward, so each expected line is matched once, in the order the process printed them.
 */
public final class OutputLog {

    private final Set<String> prompts;
    private final List<String> entries = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final Thread reader;
    private boolean ended;
    private int cursor;

    private OutputLog(Set<String> prompts, InputStream stream, String name) {
        this.prompts = prompts;
        this.reader = new Thread(() -> pump(stream), name);
        this.reader.setDaemon(true);
    }

    /** Starts collecting {@code stream}; a pending output equal to one of {@code prompts} is an entry of its own. */
    public static OutputLog collect(InputStream stream, Set<String> prompts, String name) {
        OutputLog log = new OutputLog(prompts, stream, name);
        log.reader.start();
        return log;
    }

    private void pump(InputStream stream) {
        try (Reader in = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
            int c;
            while ((c = in.read()) != -1) {
                append((char) c);
            }
        } catch (IOException e) {
            // the process went away; what was read is kept
        } finally {
            synchronized (this) {
                if (partial.length() > 0) {
                    entries.add(partial.toString());
                    partial.setLength(0);
                }
                ended = true;
                notifyAll();
            }
        }
    }

    private synchronized void append(char c) {
        if (c == '\n') {
            int end = partial.length() > 0 && partial.charAt(partial.length() - 1) == '\r' ? partial.length() - 1 : partial.length();
            entries.add(partial.substring(0, end));
            partial.setLength(0);
            notifyAll();
            return;
        }
        partial.append(c);
        if (prompts.contains(partial.toString())) {
            entries.add(partial.toString());
            partial.setLength(0);
            notifyAll();
        }
    }

    /** Waits for the next entry (after the cursor) that matches, and moves the cursor past it. */
    public synchronized String await(Predicate<String> matches, String description, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (int i = cursor; i < entries.size(); i++) {
                if (matches.test(entries.get(i))) {
                    cursor = i + 1;
                    return entries.get(i);
                }
            }
            long left = deadline - System.nanoTime();
            if (ended || left <= 0) {
                throw new AssertionError("Expected " + description + (ended ? " but the output ended" : " within " + timeout)
                        + "; output after the cursor (" + cursor + "):\n  " + String.join("\n  ", entries.subList(cursor, entries.size()))
                        + (partial.length() > 0 ? "\n  (pending) " + partial : ""));
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted waiting for " + description, e);
            }
        }
    }

    /** Every entry printed so far, for assertions on whole transcripts. */
    public synchronized List<String> entries() {
        return List.copyOf(entries);
    }

    /** The entries after the cursor that are already here, and moves the cursor to the end. */
    public synchronized List<String> drain() {
        List<String> rest = List.copyOf(entries.subList(cursor, entries.size()));
        cursor = entries.size();
        return rest;
    }

    /** Waits until the stream has ended (the process closed it), so every entry is in. */
    public synchronized boolean awaitEnd(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ended) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
