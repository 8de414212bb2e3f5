package org.parley.bench.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.parley.bench.support.ProcStat;

/**
 * One real {@code parley client} process on a pseudo-terminal, as a person runs it: util-linux
 * {@code script} gives it the terminal (120 columns, 40 rows), the benchmark types into it and reads what
 * the terminal shows, escape sequences and all.
 *
 * <p>Concurrency: one reader thread per client appends the terminal's output to a buffer guarded by
 * {@code this}; the benchmark thread waits on it ({@link #await}) and types ({@link #type}).
 */
final class TerminalClient implements AutoCloseable {

    private static final int KEEP_CHARS = 1 << 16;

    private final Process script;
    private final OutputStream keyboard;
    /** What the terminal showed, minus what was already matched (guarded by this). */
    private final StringBuilder screen = new StringBuilder();
    /** When each token registered with {@link #watch} was first seen, in System.nanoTime (guarded by this). */
    private final Map<String, Long> seen = new java.util.HashMap<>();
    private final List<String> watched = new ArrayList<>();
    /** Bytes the terminal showed since the start, escape sequences included (guarded by this). */
    private long bytesShown;
    private boolean ended;
    private long javaPid;

    private TerminalClient(Process script) {
        this.script = script;
        this.keyboard = script.getOutputStream();
        Thread reader = new Thread(this::read, "terminal-" + script.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code launcher client <args>} on a fresh pseudo-terminal, with {@code home} as its user's home and
     * {@code jvm} as extra options of its JVM (after the launcher's own, so they override them).
     */
    static TerminalClient start(Path launcher, Path home, Path workDir, List<String> jvm, List<String> args)
            throws IOException {
        Files.createDirectories(home);
        String command = "stty cols 120 rows 40 && exec " + quote(launcher.toString()) + " client "
                + String.join(" ", args.stream().map(TerminalClient::quote).toList());
        ProcessBuilder builder = new ProcessBuilder("script", "-qfec", command, "/dev/null")
                .directory(workDir.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("HOME", home.toString());
        env.put("TERM", "xterm-256color");
        // the client keeps per-user files (known servers, history) under its home; never the real one
        List<String> options = new ArrayList<>(jvm);
        options.add("-Duser.home=" + home);
        env.put("PARLEY_JAVA_OPTS", String.join(" ", options));
        return new TerminalClient(builder.start());
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private void read() {
        byte[] buf = new byte[16384];
        try (InputStream in = script.getInputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                long now = System.nanoTime();
                String text = new String(buf, 0, n, StandardCharsets.UTF_8);
                synchronized (this) {
                    bytesShown += n;
                    screen.append(text);
                    for (String token : watched) {
                        if (!seen.containsKey(token) && screen.indexOf(token) >= 0) {
                            seen.put(token, now);
                        }
                    }
                    if (screen.length() > KEEP_CHARS) {
                        screen.delete(0, screen.length() - KEEP_CHARS / 2);
                    }
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended: what it showed so far stays readable
        }
        synchronized (this) {
            ended = true;
            notifyAll();
        }
    }

    /** Types {@code text} as keystrokes; {@code \r} is the Enter key on a terminal. */
    void type(String text) throws IOException {
        keyboard.write(text.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    /** Waits until the screen shows {@code text}, then forgets everything up to it; returns when it was seen. */
    synchronized long await(String text, Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int at;
        while ((at = screen.indexOf(text)) < 0) {
            long left = deadline - System.nanoTime();
            if (ended || left <= 0) {
                throw new TimeoutException("the client did not show '" + text + "'" + (ended ? " (it exited)" : "")
                        + "; last output: " + tail());
            }
            wait(Math.max(1, left / 1_000_000));
        }
        screen.delete(0, at + text.length());
        return System.nanoTime();
    }

    /** From now on, remember when {@code token} first shows. */
    synchronized void watch(String token) {
        watched.add(token);
    }

    /** When {@code token} (registered with {@link #watch}) showed, waiting for it if need be. */
    synchronized long seenAt(String token, Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Long at;
        while ((at = seen.get(token)) == null) {
            long left = deadline - System.nanoTime();
            if (ended || left <= 0) {
                throw new TimeoutException("the client did not show '" + token + "'; last output: " + tail());
            }
            wait(Math.max(1, left / 1_000_000));
        }
        watched.remove(token);
        seen.remove(token);
        return at;
    }

    private String tail() {
        String s = screen.toString().replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "");
        return s.length() > 200 ? s.substring(s.length() - 200) : s;
    }

    /** Bytes the terminal showed so far, escape sequences included. */
    synchronized long bytesShown() {
        return bytesShown;
    }

    /** The client's JVM: {@code script}'s child after the launcher exec'd java. */
    private synchronized long javaPid() throws IOException {
        if (javaPid == 0) {
            javaPid = script.toHandle().descendants()
                    .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
                    .mapToLong(ProcessHandle::pid).findFirst()
                    .orElseThrow(() -> new IOException("no java process under the terminal " + script.pid()));
        }
        return javaPid;
    }

    /** User + system CPU ticks (1/100 s) of the client's JVM since it started. */
    long cpuTicks() throws IOException {
        return ProcStat.cpuTicks(javaPid());
    }

    long residentKiB() throws IOException {
        long pid = javaPid();
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IOException("no VmRSS for " + pid);
    }

    /** Waits for the process to end by itself (after Ctrl-D, say). */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        return script.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        script.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        script.destroyForcibly();
    }
}
