package org.parley.client.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Standard input that is not a terminal (SPEC 1.2): plain lines, no colour or cursor control, no command
 * prompt; login prompts are still printed, without a newline and flushed, so a script can wait for them.
 */
public final class ScriptedConsole implements Console {

    private final BufferedReader in;
    private final PrintStream out;
    private final PrintStream err;
    /** True while a prompt is the last thing on {@code out} (guarded by {@code outputLock}). */
    private boolean afterPrompt;
    private final Object outputLock = new Object();

    /** Failures are written to {@code out} too, in order with the rest. */
    public ScriptedConsole(InputStream in, PrintStream out) {
        this(in, out, out);
    }

    public ScriptedConsole(InputStream in, PrintStream out, PrintStream err) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = out;
        this.err = err;
    }

    @Override
    public String readCommand() {
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String readLine(String prompt) {
        synchronized (outputLock) {
            out.print(prompt);
            out.flush();
            afterPrompt = true;
        }
        return readCommand();
    }

    @Override
    public String readPassword(String prompt) {
        return readLine(prompt);
    }

    @Override
    public void println(String line) {
        synchronized (outputLock) {
            out.println(line);
            out.flush();
            afterPrompt = false;
        }
    }

    @Override
    public void error(String line) {
        synchronized (outputLock) {
            out.flush();
            if (err == out && afterPrompt) {
                // after a prompt printed without a newline, the failure still starts its own line
                out.println();
            }
            err.println(line);
            err.flush();
            afterPrompt = afterPrompt && err != out;
        }
    }

    @Override
    public void close() {
        synchronized (outputLock) {
            out.flush();
        }
    }
}
