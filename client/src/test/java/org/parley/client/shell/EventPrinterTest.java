package org.parley.client.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.parley.client.format.OutputFormatter;
import org.parley.protocol.Event;

class EventPrinterTest {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Console console = new Console() {
        public String readCommand() { return null; }
        public String readLine(String prompt) { return null; }
        public String readPassword(String prompt) { return null; }
        public void println(String line) { lines.add(line); }
        public void close() {}
    };
    private final ShellOutput output = new ShellOutput(console);
    private final OnlineUsers online = new OnlineUsers();
    private final EventPrinter printer = new EventPrinter(new OutputFormatter(ZoneId.of("UTC")), output, online);

    @Test
    void presenceEventsKeepTheOnlineUsersForCompletion() {
        printer.onEvent(new Event.UserLoggedIn("luke"));
        printer.onEvent(new Event.UserLoggedIn("leia"));
        printer.onEvent(new Event.UserLoggedOut("luke"));

        assertThat(online.snapshot()).containsExactly("leia");
        assertThat(lines).containsExactly("luke logged in", "leia logged in", "luke logged out");
    }

    @Test
    void nothingIsPrintedAfterTheSessionEnded() {
        printer.onEvent(new Event.SessionEnded(Event.SessionEnded.Reason.KICKED, "Error. You were logged out"));
        printer.onEvent(new Event.UserLoggedIn("luke"));
        printer.onConnectionLost(new RuntimeException());

        assertThat(lines).containsExactly("Error. You were logged out");
        assertThat(output.awaitExitCode()).isEqualTo(ExitCodes.FAILURE);
    }

    @Test
    void aLostConnectionEndsWithAFailure() {
        printer.onConnectionLost(new RuntimeException());
        assertThat(lines).containsExactly("Error. Connection to the server lost");
        assertThat(output.awaitExitCode()).isEqualTo(ExitCodes.FAILURE);
    }
}
