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
    void onATerminalMessagesShowTheirKindAndADirectOneRings() {
        List<String> shown = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger bells = new java.util.concurrent.atomic.AtomicInteger();
        Console terminal = new Console() {
            public String readCommand() { return null; }
            public String readLine(String prompt) { return null; }
            public String readPassword(String prompt) { return null; }
            public void println(String line) { shown.add(line); }
            public void bell() { bells.incrementAndGet(); }
            public void close() {}
        };
        ZoneId utc = ZoneId.of("UTC");
        EventPrinter rich = new EventPrinter(new OutputFormatter(utc), new ShellOutput(terminal),
                new CompletionSources(online), new org.parley.client.format.ChatLines(utc,
                java.util.Optional.of(java.time.format.DateTimeFormatter.ofPattern("HH:mm")), true), true);
        long at = java.time.Instant.parse("2026-06-01T12:04:00Z").toEpochMilli();

        rich.onEvent(new Event.MessageReceived(1, "yoda", "hello", at, false));
        rich.onEvent(new Event.BroadcastReceived("yoda", "hi", 12, at));
        rich.onEvent(new Event.RoomMessageReceived(2, "yoda", "hi", 3, at));
        rich.onEvent(new Event.MessageReceived(2, "yoda", "from before", at, true));

        assertThat(shown).containsExactly("[12:04] yoda → you: hello", "[12:04] [broadcast #12] yoda: hi",
                "[12:04] [room 2] yoda: hi", "[12:04] yoda → you: from before (sent at 1 Jun 2026 12:04:00)");
        // the live direct message rang; stored ones delivered at login do not
        assertThat(bells).hasValue(1);
    }

    @Test
    void scriptsKeepTheReferenceLinesAndNeverRing() {
        printer.onEvent(new Event.MessageReceived(1, "yoda", "hello", 0, false));
        printer.onEvent(new Event.BroadcastReceived("yoda", "hi", 12, 0));
        assertThat(lines).containsExactly("yoda: hello", "yoda: hi");
    }

    @Test
    void roomsJoinedAreOfferedForCompletion() {
        CompletionSources sources = new CompletionSources(online);
        EventPrinter withSources = new EventPrinter(new OutputFormatter(ZoneId.of("UTC")), output, sources,
                new org.parley.client.format.ChatLines(ZoneId.of("UTC"), java.util.Optional.empty(), false), false);
        withSources.onEvent(new Event.RoomJoined(7, List.of("yoda", "luke"), "yoda"));
        assertThat(sources.rooms()).containsExactly(7L);
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
        status.onStateChanged(new SessionState.Reconnected("yoda", "10.0.0.2:12000"));
        assertThat(output.isFinished()).isFalse();
        status.onStateChanged(new SessionState.Ended(SessionState.Ended.Reason.GAVE_UP, "Error. Giving up"));

        assertThat(lines).containsExactly("Connection to the server lost; reconnecting in 2 s (attempt 3)",
                "Reconnected as yoda (server 10.0.0.2:12000)", "Error. Giving up");
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
