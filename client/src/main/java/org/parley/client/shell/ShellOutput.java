package org.parley.client.shell;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * All the shell's output, and the decision that the shell is over. Lines come from the input thread
 * (results) and the event loop (events); once the session has ended (bye, timeout, lost connection)
 * nothing more is printed, so the last line is always the one that ended it.
 */
final class ShellOutput {

    private final Console console;
    private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();

    ShellOutput(Console console) {
        this.console = console;
    }

    synchronized void print(String line) {
        if (!exitCode.isDone()) {
            console.println(line);
        }
    }

    synchronized void print(org.parley.client.format.StyledLine line) {
        if (!exitCode.isDone()) {
            console.println(line);
        }
    }

    synchronized void bell() {
        if (!exitCode.isDone()) {
            console.bell();
        }
    }

    /** A refusal, shown as one whatever its words ({@link Console#refusal}). */
    synchronized void refusal(String line) {
        if (!exitCode.isDone()) {
            console.refusal(line);
        }
    }

    synchronized void print(List<String> lines) {
        lines.forEach(this::print);
    }

    /** Ends the shell with {@code code} after printing {@code lines}; later calls change nothing. */
    synchronized void finish(int code, List<String> lines) {
        if (!exitCode.isDone()) {
            lines.forEach(console::println);
            exitCode.complete(code);
        }
    }

    synchronized void finish(int code, String line) {
        finish(code, List.of(line));
    }

    /** Ends the shell with {@code code} after writing {@code line} as a failure (standard error). */
    synchronized void fail(int code, String line) {
        if (!exitCode.isDone()) {
            console.error(line);
            exitCode.complete(code);
        }
    }

    boolean isFinished() {
        return exitCode.isDone();
    }

    int awaitExitCode() {
        return exitCode.join();
    }
}
