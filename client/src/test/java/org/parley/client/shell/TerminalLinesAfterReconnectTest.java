package org.parley.client.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.client.api.ParleyClient;
import org.parley.client.session.ChatSession;
import org.parley.client.session.ReconnectPolicy;
import org.parley.client.testing.FeedableInput;
import org.parley.client.testing.ShellRun;
import org.parley.client.testing.TestServer;
import org.parley.client.testing.TestServers;

/**
 * A terminal's look outlives a reconnect: after {@code Reconnected as <user> (server <host:port>)} messages still show their
 * kind, the user's own lines are still echoed, and refusals (the server's, the parser's, a refused
 * paste) still reach the console as refusals (red on a terminal), nothing else does.
 */
class TerminalLinesAfterReconnectTest {

    private static final ReconnectPolicy FAST = ReconnectPolicy.defaults()
            .withDelays(Duration.ofMillis(20), Duration.ofMillis(200)).withGiveUpAfter(Duration.ofSeconds(60));
    /** Stands for a line break inside one read, as a bracketed paste delivers it. */
    private static final String PASTED_BREAK = "<paste-newline>";

    @RegisterExtension
    static final TestServers SERVERS = new TestServers();

    /** A console that answers as a terminal does (interactive) and notes which lines came as refusals. */
    private static final class TerminalLike implements Console {
        final FeedableInput input = new FeedableInput();
        private final ScriptedConsole plain = new ScriptedConsole(input,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        final List<String> lines = new CopyOnWriteArrayList<>();
        final List<String> refusals = new CopyOnWriteArrayList<>();

        @Override
        public String readCommand() {
            String line = plain.readCommand();
            return line == null ? null : line.replace(PASTED_BREAK, "\n");
        }

        @Override
        public String readLine(String prompt) {
            return plain.readLine(prompt);
        }

        @Override
        public String readPassword(String prompt) {
            return plain.readPassword(prompt);
        }

        @Override
        public void println(String line) {
            lines.add(line);
        }

        @Override
        public void refusal(String line) {
            refusals.add(line);
        }

        @Override
        public boolean interactive() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    private static ChatSession session(TestServer server) throws Exception {
        return ChatSession.open(received -> ParleyClient.connect("127.0.0.1", server.port(), null,
                Duration.ofSeconds(10), received, server.security()), FAST).get(10, TimeUnit.SECONDS);
    }

    private static void awaitLine(TerminalLike console, String line) {
        await().atMost(TestServer.patience()).until(() -> console.lines.contains(line));
    }

    @Test
    void kindsEchoAndRefusalsAreTheSameAfterAReconnect() throws Exception {
        TestServer server = SERVERS.start();
        TerminalLike yoda = new TerminalLike();
        try (ChatSession yodaSession = session(server)) {
            Shell shell = new Shell(yodaSession, yoda, new ShellSettings(Optional.of("yoda"), Optional.of("jedi"),
                    0, 0, Duration.ofSeconds(10), Path.of("."), 1472),
                    new CompletionSources(new OnlineUsers()), Presentation.plain());
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(shell::run);
            awaitLine(yoda, "Welcome to Parley, yoda!");
            try (ShellRun luke = ShellRun.start(session(server), Optional.of("luke"), Optional.of("force"),
                    Duration.ofSeconds(10))) {
                luke.awaitContaining("Welcome to Parley, luke!\n");

                server.stop();
                await().atMost(TestServer.patience())
                        .until(() -> yoda.lines.stream().anyMatch(l -> l.startsWith("The server is shutting down")));
                server.startAgain();
                awaitLine(yoda, "Reconnected as yoda (server 127.0.0.1:" + server.port() + ")");
                luke.awaitContaining("Reconnected as luke (server 127.0.0.1:" + server.port() + ")\n");

                yoda.input.type("message luke back again");
                awaitLine(yoda, "you → luke: back again");
                luke.awaitContaining("yoda: back again\n");
                luke.input.type("message yoda welcome back");
                awaitLine(yoda, "luke → you: welcome back");

                yoda.input.type("message yoda talking to myself");
                yoda.input.type("frobnicate");
                yoda.input.type("whoelse" + PASTED_BREAK + "and more");
                await().atMost(TestServer.patience()).until(() -> yoda.refusals.size() == 3);
            }
            yoda.input.end();
            assertThat(exit.get(TestServer.patience().toSeconds(), TimeUnit.SECONDS)).isZero();
        }
        assertThat(yoda.refusals).containsExactly(
                "Error. Cannot message self",
                "Error. Invalid command 'frobnicate'; type help for the commands, help <command> for one",
                org.parley.client.command.PastedBlock.NOT_MESSAGES);
        assertThat(yoda.lines).doesNotContainAnyElementsOf(yoda.refusals);
    }
}
