package org.parley.client.format;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.parley.protocol.ActiveUser;
import org.parley.protocol.Event;
import org.parley.protocol.HistoryItem;
import org.parley.protocol.HistoryKind;
import org.parley.protocol.Response;
import org.parley.protocol.Timestamps;

/**
 * The reference strings of the SPEC for successful responses and pushed events. Errors are not here:
 * the server's error frames carry the exact line to show. Pure; timestamps in the server's zone.
 */
public final class OutputFormatter {

    public static final String CONNECTION_LOST = "Error. Connection to the server lost";
    public static final String NO_OTHER_ACTIVE_USER = "no other active user";
    public static final String NO_NEW_MESSAGE = "no new message";

    private final ZoneId zone;

    public OutputFormatter(ZoneId zone) {
        this.zone = zone;
    }

    /** The server's zone, in which every time is shown. */
    public ZoneId zone() {
        return zone;
    }

    public String welcome(String user) {
        return "Welcome to Parley, " + user + "!";
    }

    public List<String> messageSent(Response.MessageSent r) {
        return r.stored()
                ? List.of(r.to() + " is offline, your message will be delivered when they log in")
                : List.of();
    }

    public List<String> broadcastSent(Response.BroadcastSent r) {
        String confirmed = "Broadcast message, #" + r.number() + " broadcast at " + ts(r.at()) + ".";
        return r.someSkipped()
                ? List.of(confirmed, "Your message could not be delivered to some recipients")
                : List.of(confirmed);
    }

    /** whoelse and whoelsesince. */
    public List<String> users(Response.UserList r) {
        return r.users().isEmpty() ? List.of(NO_OTHER_ACTIVE_USER) : List.copyOf(r.users());
    }

    public List<String> activeUsers(Response.ActiveUserList r) {
        if (r.users().isEmpty()) {
            return List.of(NO_OTHER_ACTIVE_USER);
        }
        List<String> lines = new ArrayList<>(r.users().size());
        for (ActiveUser u : r.users()) {
            lines.add(u.username() + ", " + u.ip() + ", " + u.udpPort() + ", active since " + ts(u.since()) + ".");
        }
        return lines;
    }

    public String blocked(String user) {
        return user + " is blocked";
    }

    public String unblocked(String user) {
        return user + " is unblocked";
    }

    public String roomBuilt(Response.RoomBuilt r) {
        if (r.existed()) {
            return "a separate room (ID: " + r.roomId() + ") already created for these users";
        }
        return "Separate chat room has been created, room ID: " + r.roomId() + ", users in this room: "
                + String.join(", ", r.members());
    }

    public String roomMessageSent(Response.RoomMessageSent r) {
        return "Separate room message, #" + r.number() + " sent at " + ts(r.at()) + ".";
    }

    /**
     * A whole history at once (one page, or the pages gathered). {@code since} is the time the user
     * asked about; the header shows it in the reference form.
     */
    public List<String> history(Response.History r, Instant since) {
        HistoryListing listing = historyListing(r.kind(), since);
        List<String> lines = new ArrayList<>(listing.page(r));
        lines.addAll(listing.end());
        return lines;
    }

    /** The lines of a history that arrives in pages, for the time the user asked about. */
    public HistoryListing historyListing(HistoryKind kind, Instant since) {
        return new HistoryListing(this, kind, since);
    }

    String historyHeader(HistoryKind kind, Instant since) {
        String when = ts(since.toEpochMilli());
        return kind == HistoryKind.BROADCAST
                ? "Messages in broadcast since " + when + ":"
                : "Messages in separate rooms since " + when + ":";
    }

    public String bye(Response.Bye r) {
        return "Bye, " + r.username() + "!";
    }

    /**
     * The line for a pushed event; empty for events that are not shown as a line of their own (private
     * chat set-up and uploads, which their features present).
     */
    public Optional<String> event(Event event) {
        if (event instanceof Event.UserLoggedIn e) {
            return Optional.of(e.user() + " logged in");
        }
        if (event instanceof Event.UserLoggedOut e) {
            return Optional.of(e.user() + " logged out");
        }
        if (event instanceof Event.MessageReceived e) {
            String line = e.from() + ": " + e.text();
            return Optional.of(e.offline() ? line + " (sent at " + ts(e.at()) + ")" : line);
        }
        if (event instanceof Event.BroadcastReceived e) {
            return Optional.of(e.from() + ": " + e.text());
        }
        if (event instanceof Event.RoomJoined e) {
            return Optional.of("You have been added to separate room " + e.roomId() + " by " + e.by()
                    + ", users in this room: " + String.join(", ", e.members()));
        }
        if (event instanceof Event.RoomMessageReceived e) {
            return Optional.of("[room " + e.roomId() + "] " + e.from() + ": " + e.text());
        }
        if (event instanceof Event.SessionEnded e) {
            return Optional.of(e.message());
        }
        return Optional.empty();
    }

    String historyLine(HistoryItem item) {
        return "#" + item.number() + "; " + item.from() + ": " + item.text() + " at " + ts(item.at()) + ".";
    }

    private String ts(long epochMillis) {
        return Timestamps.format(epochMillis, zone);
    }
}
