package org.parley.client.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.protocol.ActiveUser;
import org.parley.protocol.Event;
import org.parley.protocol.HistoryCursor;
import org.parley.protocol.HistoryItem;
import org.parley.protocol.HistoryKind;
import org.parley.protocol.Response;

class OutputFormatterTest {

    private static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");
    /** 1 Jun 2022 21:30:04 in Sydney. */
    private static final long AT = ZonedDateTime.of(2022, 6, 1, 21, 30, 4, 0, SYDNEY).toInstant().toEpochMilli();
    private static final String TS = "1 Jun 2022 21:30:04";

    private final OutputFormatter formatter = new OutputFormatter(SYDNEY);

    @Test
    void welcomeAndBye() {
        assertThat(formatter.welcome("yoda")).isEqualTo("Welcome to Parley, yoda!");
        assertThat(formatter.bye(new Response.Bye(1, "yoda"))).isEqualTo("Bye, yoda!");
    }

    @Test
    void aStoredMessageSaysTheRecipientIsOfflineALiveOneSaysNothing() {
        assertThat(formatter.messageSent(new Response.MessageSent(1, "luke", true)))
                .containsExactly("luke is offline, your message will be delivered when they log in");
        assertThat(formatter.messageSent(new Response.MessageSent(1, "luke", false))).isEmpty();
    }

    @Test
    void broadcastConfirmationInTheServersZone() {
        assertThat(formatter.broadcastSent(new Response.BroadcastSent(1, 7, AT, false)))
                .containsExactly("Broadcast message, #7 broadcast at " + TS + ".");
        assertThat(formatter.broadcastSent(new Response.BroadcastSent(1, 8, AT, true)))
                .containsExactly("Broadcast message, #8 broadcast at " + TS + ".",
                        "Your message could not be delivered to some recipients");
    }

    @Test
    void userListsOneNamePerLine() {
        assertThat(formatter.users(new Response.UserList(1, List.of("luke", "leia")))).containsExactly("luke", "leia");
        assertThat(formatter.users(new Response.UserList(1, List.of()))).containsExactly("no other active user");
    }

    @Test
    void activeUsersWithAddressPortAndSince() {
        Response.ActiveUserList list = new Response.ActiveUserList(1, List.of(
                new ActiveUser("luke", "127.0.0.1", 6666, AT), new ActiveUser("leia", "10.0.0.2", 7777, AT)));
        assertThat(formatter.activeUsers(list)).containsExactly(
                "luke, 127.0.0.1, 6666, active since " + TS + ".",
                "leia, 10.0.0.2, 7777, active since " + TS + ".");
        assertThat(formatter.activeUsers(new Response.ActiveUserList(1, List.of()))).containsExactly("no other active user");
    }

    @Test
    void blockAndUnblock() {
        assertThat(formatter.blocked("vader")).isEqualTo("vader is blocked");
        assertThat(formatter.unblocked("vader")).isEqualTo("vader is unblocked");
    }

    @Test
    void roomsNewAndExisting() {
        assertThat(formatter.roomBuilt(new Response.RoomBuilt(1, 2, List.of("yoda", "luke", "leia"), false)))
                .isEqualTo("Separate chat room has been created, room ID: 2, users in this room: yoda, luke, leia");
        assertThat(formatter.roomBuilt(new Response.RoomBuilt(1, 2, List.of("yoda", "luke"), true)))
                .isEqualTo("a separate room (ID: 2) already created for these users");
        assertThat(formatter.roomMessageSent(new Response.RoomMessageSent(1, 2, 5, AT)))
                .isEqualTo("Separate room message, #5 sent at " + TS + ".");
    }

    @Test
    void broadcastHistory() {
        Response.History history = new Response.History(1, HistoryKind.BROADCAST, List.of(
                new HistoryItem(0, 1, "yoda", "do or do not", AT), new HistoryItem(0, 2, "luke", "there is no try", AT)));
        assertThat(formatter.history(history, Instant.ofEpochMilli(AT - 60_000))).containsExactly(
                "Messages in broadcast since 1 Jun 2022 21:29:04:",
                "#1; yoda: do or do not at " + TS + ".",
                "#2; luke: there is no try at " + TS + ".");
    }

    @Test
    void roomHistoryGroupedByRoom() {
        Response.History history = new Response.History(1, HistoryKind.ROOMS, List.of(
                new HistoryItem(1, 1, "yoda", "a", AT), new HistoryItem(1, 2, "luke", "b", AT),
                new HistoryItem(3, 1, "leia", "c", AT)));
        assertThat(formatter.history(history, Instant.ofEpochMilli(AT))).containsExactly(
                "Messages in separate rooms since " + TS + ":",
                "room-1:",
                "#1; yoda: a at " + TS + ".",
                "#2; luke: b at " + TS + ".",
                "room-3:",
                "#1; leia: c at " + TS + ".");
    }

    @Test
    void historyInPagesPrintsTheSameLinesAsAtOnceAndEachPageAsItComes() {
        List<HistoryItem> items = List.of(new HistoryItem(1, 1, "yoda", "a", AT), new HistoryItem(1, 2, "luke", "b", AT),
                new HistoryItem(3, 1, "leia", "c", AT), new HistoryItem(3, 2, "han", "d", AT));
        Instant since = Instant.ofEpochMilli(AT);
        HistoryListing listing = formatter.historyListing(HistoryKind.ROOMS, since);
        List<String> lines = new ArrayList<>();
        // a room split across pages keeps one header; a page with nothing (all left out) adds nothing
        assertThat(listing.page(new Response.History(1, HistoryKind.ROOMS, List.of(), true, new HistoryCursor(1, 0))))
                .isEmpty();
        List<String> firstPage = listing.page(new Response.History(1, HistoryKind.ROOMS, items.subList(0, 3), true,
                new HistoryCursor(3, 1)));
        assertThat(firstPage).startsWith("Messages in separate rooms since " + TS + ":", "room-1:");
        lines.addAll(firstPage);
        lines.addAll(listing.page(new Response.History(2, HistoryKind.ROOMS, items.subList(3, 4), false,
                new HistoryCursor(3, 2))));
        lines.addAll(listing.end());
        assertThat(lines).isEqualTo(formatter.history(new Response.History(1, HistoryKind.ROOMS, items), since))
                .containsExactly(
                        "Messages in separate rooms since " + TS + ":",
                        "room-1:",
                        "#1; yoda: a at " + TS + ".",
                        "#2; luke: b at " + TS + ".",
                        "room-3:",
                        "#1; leia: c at " + TS + ".",
                        "#2; han: d at " + TS + ".");
        assertThat(listing.shown()).isEqualTo(4);

        HistoryListing none = formatter.historyListing(HistoryKind.BROADCAST, since);
        assertThat(none.page(new Response.History(1, HistoryKind.BROADCAST, List.of(), true, new HistoryCursor(0, 9))))
                .isEmpty();
        assertThat(none.end()).containsExactly("no new message");
    }

    @Test
    void emptyHistory() {
        assertThat(formatter.history(new Response.History(1, HistoryKind.ROOMS, List.of()), Instant.ofEpochMilli(AT)))
                .containsExactly("no new message");
        assertThat(formatter.history(new Response.History(1, HistoryKind.BROADCAST, List.of()), Instant.ofEpochMilli(AT)))
                .containsExactly("no new message");
    }

    @Test
    void eventLines() {
        assertThat(formatter.event(new Event.UserLoggedIn("luke"))).contains("luke logged in");
        assertThat(formatter.event(new Event.UserLoggedOut("luke"))).contains("luke logged out");
        assertThat(formatter.event(new Event.MessageReceived(1, "luke", "hi there", AT, false))).contains("luke: hi there");
        assertThat(formatter.event(new Event.MessageReceived(2, "luke", "hi there", AT, true)))
                .contains("luke: hi there (sent at " + TS + ")");
        assertThat(formatter.event(new Event.BroadcastReceived("luke", "hello all", 3, AT))).contains("luke: hello all");
        assertThat(formatter.event(new Event.RoomJoined(4, List.of("luke", "yoda", "leia"), "luke")))
                .contains("You have been added to separate room 4 by luke, users in this room: luke, yoda, leia");
        assertThat(formatter.event(new Event.RoomMessageReceived(4, "luke", "hi room", 1, AT))).contains("[room 4] luke: hi room");
        assertThat(formatter.event(new Event.SessionEnded(Event.SessionEnded.Reason.TIMEOUT,
                "Timeout. You have been logged out due to inactivity")))
                .contains("Timeout. You have been logged out due to inactivity");
    }

    @Test
    void privateChatAndUploadEventsAreNotLinesOfTheirOwn() {
        assertThat(formatter.event(new Event.PrivateRequested("luke"))).isEmpty();
        assertThat(formatter.event(new Event.PrivateDeclined("luke", false))).isEmpty();
        assertThat(formatter.event(new Event.PrivateAccepted("luke", "h", 1, "t", "f"))).isEmpty();
        assertThat(formatter.event(new Event.PrivateExpect("luke", "t", "f"))).isEmpty();
        assertThat(formatter.event(new Event.UploadIncoming("luke", "f", 1, "s", 1, "t", "k"))).isEmpty();
    }

    @Test
    void timesAreShownInTheServersZoneNotThisMachines() {
        OutputFormatter utc = new OutputFormatter(ZoneId.of("UTC"));
        assertThat(utc.roomMessageSent(new Response.RoomMessageSent(1, 2, 5, AT)))
                .isEqualTo("Separate room message, #5 sent at 1 Jun 2022 11:30:04.");
    }
}
