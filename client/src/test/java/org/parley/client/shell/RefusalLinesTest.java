package org.parley.client.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.client.api.ParleyClient;
import org.parley.client.testing.FeedableInput;
import org.parley.client.testing.TestServer;
import org.parley.client.testing.TestServers;

/**
 * Every refusal reaches the console as a refusal (red on a terminal), whatever its words: the server's
 * classic answers without {@code Error.} too, and the parser's usage lines; other lines do not.
 */
class RefusalLinesTest {

    @RegisterExtension
    static final TestServers SERVERS = new TestServers();

    /** A scripted console that also notes which lines came as refusals. */
    private static final class NotingConsole implements Console {
        private final ScriptedConsole plain;
        final List<String> refusals = new CopyOnWriteArrayList<>();
        final List<String> lines = new CopyOnWriteArrayList<>();

        NotingConsole(ScriptedConsole plain) {
            this.plain = plain;
        }

        @Override
        public String readCommand() {
            return plain.readCommand();
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
            plain.println(line);
        }

        @Override
        public void refusal(String line) {
            refusals.add(line);
            plain.println(line);
        }

        @Override
        public void error(String line) {
            plain.error(line);
        }

        @Override
        public void close() {
            plain.close();
        }
    }

    @Test
    void refusalsAreMarkedAsSuchAndNothingElseIs() throws Exception {
        TestServer server = SERVERS.start();
        FeedableInput input = new FeedableInput();
        NotingConsole console = new NotingConsole(new ScriptedConsole(input,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        try (ParleyClient client = server.connect()) {
            Shell shell = new Shell(org.parley.client.session.ChatSession.withoutReconnect(client), console,
                    new ShellSettings(Optional.empty(), Optional.empty(), 0, 0,
                    Duration.ofSeconds(10), java.nio.file.Path.of("."), 1472), new OnlineUsers());
            input.type("yoda");
            input.type("sith");
            input.type("jedi");
            input.type("SRM 999999 anyone there?");
            input.type("message yoda talking to myself");
            input.type("message");
            input.type("whoelse");
            input.end();

            assertThat(shell.run()).isZero();
        }
        assertThat(console.refusals).containsExactly(
                "Invalid Password. Please try again",
                "The separate room does not exist",
                "Error. Cannot message self",
                "Usage: message <user> <text>");
        assertThat(console.lines).contains("no other active user").doesNotContainAnyElementsOf(console.refusals);
    }
}
