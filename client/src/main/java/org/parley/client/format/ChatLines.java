package org.parley.client.format;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.parley.client.format.StyledLine.Tone;
import org.parley.protocol.Event;
import org.parley.protocol.Timestamps;

/**
 * The lines of live chat: messages received and, on a terminal, the user's own lines echoed. With
 * {@code kinds} (a terminal) each kind has its own look, the same for what arrives and what is echoed:
 *
 * <pre>
 * [12:04] yoda → you: hello               a direct message
 * [12:04] you → yoda: hi                  your direct message
 * [12:04] [broadcast #12] yoda: hi        a broadcast (numbered by the server)
 * [12:04] [room 2] yoda: hi               a separate-room message
 * [12:04] [private] yoda → you: psst      a private (peer-to-peer) message
 * </pre>
 *
 * Without {@code kinds} (scripted mode) the lines are the reference strings scripts match
 * ({@code yoda: hello}, {@code [room 2] yoda: hi}, {@code yoda(private): psst}). The time prefix is
 * there when a time format is given, in the server's zone like every other time. Pure; thread-safe.
 */
public final class ChatLines {

    static final String YOU = "you";
    static final String ARROW = " → ";

    private final ZoneId zone;
    private final Optional<TimeLabels> time;
    private final boolean kinds;

    public ChatLines(ZoneId zone, Optional<DateTimeFormatter> time, boolean kinds) {
        this.zone = zone;
        this.time = time.map(f -> new TimeLabels(f, zone));
        this.kinds = kinds;
    }

    /** True when own lines are echoed and kinds shown (a terminal). */
    public boolean rich() {
        return kinds;
    }

    public StyledLine direct(Event.MessageReceived e) {
        StyledLine.Builder b = start(e.at());
        if (kinds) {
            b.add(Tone.DIRECT, e.from()).add(Tone.DIRECT, ARROW + YOU).text(": " + e.text());
        } else {
            b.add(Tone.SENDER, e.from()).text(": " + e.text());
        }
        if (e.offline()) {
            b.text(" (sent at " + Timestamps.format(e.at(), zone) + ")");
        }
        return b.build();
    }

    public StyledLine broadcast(Event.BroadcastReceived e) {
        StyledLine.Builder b = start(e.at());
        if (kinds) {
            b.add(Tone.BROADCAST, "[broadcast #" + e.number() + "] ");
        }
        return b.add(Tone.SENDER, e.from()).text(": " + e.text()).build();
    }

    public StyledLine room(Event.RoomMessageReceived e) {
        return start(e.at()).add(Tone.ROOM, "[room " + e.roomId() + "] ").add(Tone.SENDER, e.from())
                .text(": " + e.text()).build();
    }

    public StyledLine privateReceived(String peer, String text, long at) {
        StyledLine.Builder b = start(at);
        if (kinds) {
            return b.add(Tone.PRIVATE, "[private] ").add(Tone.SENDER, peer).add(Tone.PRIVATE, ARROW + YOU)
                    .text(": " + text).build();
        }
        return b.add(Tone.SENDER, peer).add(Tone.PRIVATE, "(private)").text(": " + text).build();
    }

    /** Your direct message to {@code to}, as sent. */
    public StyledLine directSent(String to, String text, long at) {
        return start(at).add(Tone.DIRECT, YOU + ARROW + to).text(": " + text).build();
    }

    public StyledLine broadcastSent(long number, String text, long at) {
        return start(at).add(Tone.BROADCAST, "[broadcast #" + number + "] ").add(Tone.SENDER, YOU)
                .text(": " + text).build();
    }

    public StyledLine roomSent(long roomId, String text, long at) {
        return start(at).add(Tone.ROOM, "[room " + roomId + "] ").add(Tone.SENDER, YOU).text(": " + text).build();
    }

    public StyledLine privateSent(String peer, String text, long at) {
        return start(at).add(Tone.PRIVATE, "[private] ").add(Tone.SENDER, YOU).add(Tone.PRIVATE, ARROW + peer)
                .text(": " + text).build();
    }

    /** Any other line (presence, rooms joined) with the time prefix when there is one. */
    public StyledLine other(String line, long at) {
        return start(at).text(line).build();
    }

    private StyledLine.Builder start(long epochMillis) {
        StyledLine.Builder b = StyledLine.builder();
        time.ifPresent(t -> b.add(Tone.TIME, t.label(epochMillis)));
        return b;
    }
}
