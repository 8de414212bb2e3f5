package org.parley.e2e.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The packaged client on a real pseudo-terminal, as a person runs it: util-linux {@code script} gives
 * the client a pty (so it opens its JLine terminal) and relays the test's keystrokes to it. The test
 * sends raw keys ({@link #keys}: Enter is a carriage return, Ctrl-C is ETX, a bracketed paste
 * {@link #paste}) and waits for text on the screen, with the terminal's control sequences taken out
 * ({@link #awaitText}); {@link #raw()} keeps them for what only they show (the bell).
 */
public final class TerminalClient implements AutoCloseable {

    public static final String ENTER = "\r";
    public static final String CTRL_C = "\u0003";
    public static final String CTRL_D = "\u0004";
    /** Up as a terminal sends it in the application cursor mode JLine turns on. */
    public static final String UP = "\u001bOA";
    public static final String TAB = "\t";

    /** CSI and the other escape sequences JLine writes, and carriage returns. */
    private static final Pattern CONTROL = Pattern.compile(
            "\u001b\\[[0-9;?<=>]*[ -/]*[@-~]|\u001b\\][^\u0007]*\u0007|\u001b[()][0-9A-Za-z]|\u001b[=>78DEHM]|\r|\u0007");

    private final Process process;
    private final OutputStream keys;
    private final StringBuilder raw = new StringBuilder();
    private final String name;
    private boolean ended;
    /** Where the next {@link #awaitText} starts looking in the plain text. */
    private int cursor;

    private TerminalClient(Process process, String name) {
        this.process = process;
        this.name = name;
        this.keys = process.getOutputStream();
        Thread pump = new Thread(() -> pump(process.getInputStream()), name + "-pty");
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Starts the client on a pty of {@code columns} x {@code rows} (0 x 0: a terminal that reports no
     * size), in {@code dir}, with {@code env} added to the environment and {@code args} after the jar.
     */
    public static TerminalClient start(Path dir, String name, int columns, int rows, Map<String, String> env,
                                       List<String> args) throws IOException {
        // a test run from a background job inherits SIGINT ignored, and the JVM then cannot catch it:
        // give the client the default disposition a person's terminal session has
        StringBuilder command = new StringBuilder("stty cols " + columns + " rows " + rows
                + " && exec perl -e '$SIG{INT}=\"DEFAULT\"; $SIG{QUIT}=\"DEFAULT\"; exec @ARGV or die \"exec: $!\"'");
        for (String word : Java.clientCommand(ClientProcess.jar(), args)) {
            command.append(' ').append(quote(word));
        }
        ProcessBuilder builder = new ProcessBuilder("script", "-q", "-f", "-e", "-c", command.toString(), "/dev/null")
                .directory(dir.toFile())
                .redirectErrorStream(true);
        builder.environment().put("TERM", "xterm-256color");
        builder.environment().putAll(env);
        return new TerminalClient(builder.start(), name);
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private void pump(InputStream in) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                String chunk = new String(buffer, 0, n, StandardCharsets.UTF_8);
                synchronized (this) {
                    raw.append(chunk);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the process went away; what was read is kept
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    /** Sends these keys as typed. */
    public TerminalClient keys(String typed) {
        try {
            keys.write(typed.getBytes(StandardCharsets.UTF_8));
            keys.flush();
        } catch (IOException e) {
            throw new AssertionError(name + ": cannot type: " + e.getMessage() + "; screen:\n" + plain(), e);
        }
        return this;
    }

    /** Types a line and Enter. */
    public TerminalClient line(String typed) {
        return keys(typed + ENTER);
    }

    /** Pastes {@code lines} as a terminal does with bracketed paste on (newlines as carriage returns). */
    public TerminalClient paste(List<String> lines) {
        return keys("\u001b[200~" + String.join("\r", lines) + "\u001b[201~");
    }

    /** Waits until {@code text} is on the screen after what earlier waits matched; moves past it. */
    public TerminalClient awaitText(String text) {
        awaitMatch(text, ClientProcess.WAIT);
        return this;
    }

    /** Waits for a regular expression in the plain text after the cursor; returns what matched. */
    public synchronized String awaitPattern(Pattern pattern) {
        long deadline = System.nanoTime() + ClientProcess.WAIT.toNanos();
        while (true) {
            String plain = plain();
            var m = pattern.matcher(plain);
            if (m.find(Math.min(cursor, plain.length()))) {
                cursor = m.end();
                return m.group();
            }
            waitOrFail(deadline, "/" + pattern + "/");
        }
    }

    private synchronized void awaitMatch(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String plain = plain();
            int at = plain.indexOf(text, Math.min(cursor, plain.length()));
            if (at >= 0) {
                cursor = at + text.length();
                return;
            }
            waitOrFail(deadline, "'" + text + "'");
        }
    }

    private void waitOrFail(long deadline, String what) {
        long left = deadline - System.nanoTime();
        if (ended || left <= 0) {
            throw new AssertionError(name + ": expected " + what + (ended ? " but the terminal closed" : "")
                    + "; screen after the cursor:\n" + plain().substring(Math.min(cursor, plain().length())));
        }
        try {
            wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }

    /** Waits until {@code bytes} were written to the terminal, control sequences included (the bell). */
    public synchronized TerminalClient awaitRaw(String bytes) {
        long deadline = System.nanoTime() + ClientProcess.WAIT.toNanos();
        while (raw.indexOf(bytes) < 0) {
            waitOrFail(deadline, "the raw bytes " + bytes.codePoints().mapToObj(c -> String.format("U+%04X", c)).toList());
        }
        return this;
    }

    /** Everything written to the terminal so far, control sequences taken out. */
    public synchronized String plain() {
        return CONTROL.matcher(raw).replaceAll("");
    }

    /** Everything written to the terminal so far, as written. */
    public synchronized String raw() {
        return raw.toString();
    }

    /** Waits for the client (and so {@code script}) to exit; returns the client's status. */
    public int awaitExit() {
        try {
            if (!process.waitFor(ClientProcess.WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " did not exit; screen:\n" + plain());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
        return process.exitValue();
    }

    /** The plain lines of the screen so far (for assertions on what is not there). */
    public List<String> lines() {
        return new ArrayList<>(List.of(plain().split("\n")));
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
