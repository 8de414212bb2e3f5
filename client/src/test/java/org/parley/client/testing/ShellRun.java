package org.parley.client.testing;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.parley.client.api.ParleyClient;
import org.parley.client.session.ChatSession;
import org.parley.client.shell.OnlineUsers;
import org.parley.client.shell.ScriptedConsole;
import org.parley.client.shell.Shell;
import org.parley.client.shell.ShellSettings;

/** A scripted shell running on its own thread, with input the test types and output it reads. */
public final class ShellRun implements AutoCloseable {

    public final FeedableInput input = new FeedableInput();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ChatSession client;
    private final CompletableFuture<Integer> exit;

    private ShellRun(ChatSession client, ShellSettings settings) {
        this.client = client;
        ScriptedConsole console = new ScriptedConsole(input, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        Shell shell = new Shell(client, console, settings, new OnlineUsers());
        exit = CompletableFuture.supplyAsync(shell::run, runnable -> {
            Thread t = new Thread(runnable, "shell-under-test");
            t.setDaemon(true);
            t.start();
        });
    }

    public static ShellRun start(ParleyClient client) {
        return start(client, Optional.empty(), Optional.empty());
    }

    public static ShellRun start(ParleyClient client, Optional<String> user, Optional<String> password) {
        return start(client, user, password, Duration.ofSeconds(10));
    }

    public static ShellRun start(ParleyClient client, Optional<String> user, Optional<String> password,
                                 Duration commandTimeout) {
        return start(ChatSession.withoutReconnect(client), user, password, commandTimeout);
    }

    /** A shell over a session (one that may reconnect), with these credentials given up front. */
    public static ShellRun start(ChatSession session, Optional<String> user, Optional<String> password,
                                 Duration commandTimeout) {
        return new ShellRun(session, new ShellSettings(user, password, 0, 0, commandTimeout, java.nio.file.Path.of("."), 1472));
    }

    public String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Waits until the output ends with {@code text}. */
    public void awaitEnding(String text) {
        await().atMost(TestServer.patience()).until(() -> output().endsWith(text));
    }

    public void awaitContaining(String text) {
        await().atMost(TestServer.patience()).until(() -> output().contains(text));
    }

    public int exitCode() throws Exception {
        return exit.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        input.end();
        client.close();
    }
}
