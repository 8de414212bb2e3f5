package org.parley.client.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.parley.client.format.OutputFormatter;
import org.parley.client.session.SessionState;
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
        printer.onEvent(new Event.BroadcastReceived("luke", "late", 1, 0));

        assertThat(lines).containsExactly("Error. You were logged out");
        assertThat(output.awaitExitCode()).isEqualTo(ExitCodes.FAILURE);
    }

    @Test
    void aLostConnectionEndsWithAFailureOnlyWhenTheSessionSaysItIsOver() {
        ConnectionStatus status = new ConnectionStatus(output, new StatusArea(console),
                new PrivateChat(null, output, null, new StatusArea(console)));
        status.onStateChanged(new SessionState.Reconnecting(3, Duration.ofMillis(2000), "Connection to the server lost"));
        status.onStateChanged(new SessionState.Reconnected("yoda"));
        assertThat(output.isFinished()).isFalse();
        status.onStateChanged(new SessionState.Ended(SessionState.Ended.Reason.GAVE_UP, "Error. Giving up"));

        assertThat(lines).containsExactly("Connection to the server lost; reconnecting in 2 s (attempt 3)",
                "Reconnected as yoda", "Error. Giving up");
        assertThat(output.awaitExitCode()).isEqualTo(ExitCodes.FAILURE);
    }

    @Test
    void reconnectDelaysShowTenthsOfSecondsOnlyWhileTheyMatter() {
        assertThat(ConnectionStatus.seconds(Duration.ofMillis(500))).isEqualTo("0.5 s");
        assertThat(ConnectionStatus.seconds(Duration.ofMillis(1730))).isEqualTo("1.7 s");
        assertThat(ConnectionStatus.seconds(Duration.ofSeconds(4))).isEqualTo("4 s");
        assertThat(ConnectionStatus.seconds(Duration.ofMillis(17_400))).isEqualTo("17 s");
    }
}
