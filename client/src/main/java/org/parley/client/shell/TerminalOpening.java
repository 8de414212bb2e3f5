package org.parley.client.shell;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The terminal console, opened on a thread of its own while the main thread is still reading the command
 * line: JLine's terminal set-up and line reader (terminal capabilities, key maps) and picocli's model of the
 * arguments each take about a tenth of a second on a cold start, and neither needs the other. Started only
 * when the process runs on a terminal; if the arguments then ask for something else (a script, help, the
 * version, or they are wrong) the console is {@linkplain #discard() closed unused}, which leaves the terminal
 * as it was (JLine changes its modes only while a line is read).
 *
 * <p>Threads: started by the main thread, opened on {@code parley-terminal}, then taken or discarded by the
 * main thread; the future hands the console over.
 */
public final class TerminalOpening {

    private static final TerminalOpening NONE = new TerminalOpening(null);
    private static final long DISCARD_WAIT_SECONDS = 2;

    /** Null when nothing was opened early. */
    private final CompletableFuture<TerminalConsole> opened;
    /** Set when the console was taken or discarded; only the main thread reads and writes it. */
    private boolean settled;

    private TerminalOpening(CompletableFuture<TerminalConsole> opened) {
        this.opened = opened;
    }

    /**
     * False when the arguments plainly ask for no terminal session ({@code --script}, help, the version), so
     * that the terminal is not touched at all for them; only a hint, picocli still decides.
     */
    public static boolean mayBeWanted(String[] args) {
        for (String arg : args) {
            if (arg.equals("--script") || arg.equals("-h") || arg.equals("--help") || arg.equals("-V")
                    || arg.equals("--version")) {
                return false;
            }
        }
        return true;
    }

    /** Opens the process's terminal now, in the background, with completion from {@code sources}. */
    public static TerminalOpening start(CompletionSources sources) {
        CompletableFuture<TerminalConsole> opened = new CompletableFuture<>();
        Thread opener = new Thread(() -> {
            try {
                opened.complete(TerminalConsole.on(TerminalConsole.openSystemTerminal(), sources, true));
            } catch (RuntimeException | LinkageError e) {
                opened.completeExceptionally(e);
            }
        }, "parley-terminal");
        opener.setDaemon(true);
        opener.start();
        return of(opened);
    }

    /** An opening whose console comes from {@code opened} (tests: a terminal of their own). */
    static TerminalOpening of(CompletableFuture<TerminalConsole> opened) {
        return new TerminalOpening(opened);
    }

    /** Nothing opened early: {@link #console} opens the terminal when asked. */
    public static TerminalOpening none() {
        return NONE;
    }

    /**
     * The console for a session on the terminal: the one opened early (waiting for it if need be), else a
     * new one; {@code sources} must be those the early one was started with.
     */
    public TerminalConsole console(CompletionSources sources, boolean colour) {
        if (opened == null || settled) {
            return TerminalConsole.open(sources, colour);
        }
        settled = true;
        try {
            return opened.join().withColour(colour);
        } catch (CompletionException e) {
            // opening failed on the other thread: try once more here, which reports the failure as before
            return TerminalConsole.open(sources, colour);
        }
    }

    /**
     * Closes the console opened early if no session took it. Waits a moment for the opening to finish, not
     * more: help or a usage error must not hang on a terminal that is slow to open; that one is closed when
     * it is done.
     */
    public void discard() {
        if (opened == null || settled) {
            return;
        }
        settled = true;
        try {
            opened.get(DISCARD_WAIT_SECONDS, TimeUnit.SECONDS).close();
        } catch (TimeoutException e) {
            opened.thenAccept(TerminalConsole::close);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            opened.thenAccept(TerminalConsole::close);
        } catch (ExecutionException | java.io.UncheckedIOException e) {
            // it never opened, or closing it failed: either way nothing is left to restore
        }
    }
}
