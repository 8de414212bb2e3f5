package org.parley.client.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.parley.protocol.Event;

class ChatLinesTest {

    private static final ZoneId ZONE = ZoneId.of("Australia/Sydney");
    private static final long AT = ZonedDateTime.of(2026, 6, 1, 12, 4, 30, 0, ZONE).toInstant().toEpochMilli();

    private final ChatLines terminal = new ChatLines(ZONE, Optional.of(DateTimeFormatter.ofPattern("HH:mm")), true);
    private final ChatLines script = new ChatLines(ZONE, Optional.empty(), false);

    @Test
    void onATerminalEachKindHasItsOwnLookWithTheTime() {
        assertThat(terminal.direct(new Event.MessageReceived(1, "yoda", "hello", AT, false)).plain())
                .isEqualTo("[12:04] yoda → you: hello");
        assertThat(terminal.broadcast(new Event.BroadcastReceived("yoda", "hi", 12, AT)).plain())
                .isEqualTo("[12:04] [broadcast #12] yoda: hi");
        assertThat(terminal.room(new Event.RoomMessageReceived(2, "yoda", "hi", 5, AT)).plain())
                .isEqualTo("[12:04] [room 2] yoda: hi");
        assertThat(terminal.privateReceived("yoda", "psst", AT).plain()).isEqualTo("[12:04] [private] yoda → you: psst");
    }

    @Test
    void ownLinesAreEchoedInTheLookOfTheirKind() {
        assertThat(terminal.directSent("hans", "hello", AT).plain()).isEqualTo("[12:04] you → hans: hello");
        assertThat(terminal.broadcastSent(12, "hi", AT).plain()).isEqualTo("[12:04] [broadcast #12] you: hi");
        assertThat(terminal.roomSent(2, "hi", AT).plain()).isEqualTo("[12:04] [room 2] you: hi");
        assertThat(terminal.privateSent("hans", "psst", AT).plain()).isEqualTo("[12:04] [private] you → hans: psst");
        assertThat(terminal.rich()).isTrue();
        assertThat(script.rich()).isFalse();
    }

    @Test
    void scriptsGetTheReferenceLines() {
        assertThat(script.direct(new Event.MessageReceived(1, "yoda", "hello", AT, false)).plain()).isEqualTo("yoda: hello");
        assertThat(script.direct(new Event.MessageReceived(1, "yoda", "hello", AT, true)).plain())
                .isEqualTo("yoda: hello (sent at 1 Jun 2026 12:04:30)");
        assertThat(script.broadcast(new Event.BroadcastReceived("yoda", "hi", 12, AT)).plain()).isEqualTo("yoda: hi");
        assertThat(script.room(new Event.RoomMessageReceived(2, "yoda", "hi", 5, AT)).plain()).isEqualTo("[room 2] yoda: hi");
        assertThat(script.privateReceived("yoda", "psst", AT).plain()).isEqualTo("yoda(private): psst");
    }

    @Test
    void aScriptThatAsksForTheTimeGetsItBeforeTheReferenceLine() {
        ChatLines timed = new ChatLines(ZONE, Optional.of(DateTimeFormatter.ofPattern("HH:mm:ss")), false);
        assertThat(timed.direct(new Event.MessageReceived(1, "yoda", "hello", AT, false)).plain())
                .isEqualTo("[12:04:30] yoda: hello");
    }

    @Test
    void theSenderAndKindAreTonedForColour() {
        StyledLine line = terminal.broadcast(new Event.BroadcastReceived("yoda", "hi", 12, AT));
        assertThat(line.parts()).extracting(StyledLine.Part::tone).containsExactly(
                StyledLine.Tone.TIME, StyledLine.Tone.BROADCAST, StyledLine.Tone.SENDER, StyledLine.Tone.TEXT);
    }
}
