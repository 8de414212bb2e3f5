package org.parley.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Event;
import org.parley.protocol.HistoryItem;
import org.parley.protocol.HistoryKind;
import org.parley.protocol.Request;
import org.parley.protocol.Response;

/** SPEC 4: separate rooms (SRB, SRM), their logs, and history reads (RDM). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoomsComponentTest {

    private TestServer server;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        server = TestServer.start(dir);
    }

    @AfterEach
    void logOutEveryone() throws IOException {
        server.disconnectAll();
    }

    @AfterAll
    void stop() throws IOException {
        server.close();
    }

    @Test
    void buildingARoomTellsTheMembersAndCreatesItsLog() throws Exception {
        TestConnection creator = server.register("rcreator");
        TestConnection second = server.register("rsecond");
        TestConnection third = server.register("rthird");

        Response.RoomBuilt built = creator.request(new Request.BuildRoom(creator.nextId(), List.of("rsecond", "rthird")),
                Response.RoomBuilt.class);
        assertThat(built.existed()).isFalse();
        assertThat(built.members()).containsExactly("rcreator", "rsecond", "rthird");
        Event.RoomJoined joined = new Event.RoomJoined(built.roomId(), List.of("rcreator", "rsecond", "rthird"), "rcreator");
        assertThat(second.awaitEvent(Event.RoomJoined.class)).isEqualTo(joined);
        assertThat(third.awaitEvent(Event.RoomJoined.class)).isEqualTo(joined);
        await().atMost(TestConnection.WAIT)
                .until(() -> Files.exists(server.file("SR_" + built.roomId() + "_messagelog.txt")));

        // the same member set, named by another member in another order (and naming itself): the same room
        Response.RoomBuilt again = third.request(new Request.BuildRoom(third.nextId(), List.of("rsecond", "rcreator", "rthird")),
                Response.RoomBuilt.class);
        assertThat(again.existed()).isTrue();
        assertThat(again.roomId()).isEqualTo(built.roomId());

        Response.RoomBuilt smaller = creator.request(new Request.BuildRoom(creator.nextId(), List.of("rsecond")),
                Response.RoomBuilt.class);
        assertThat(smaller.existed()).isFalse();
        assertThat(smaller.roomId()).isEqualTo(built.roomId() + 1);
    }

    @Test
    void roomsNeedExistingOnlineOtherUsers() throws Exception {
        TestConnection away = server.register("raway");
        away.request(new Request.Logout(away.nextId()), Response.Bye.class);
        TestConnection me = server.register("rme");
        TestConnection friend = server.register("rfriend");

        Response.Error unavailable = me.requestError(new Request.BuildRoom(me.nextId(), List.of("rfriend", "raway", "rnobody")));
        assertThat(unavailable.code()).isEqualTo(ErrorCode.ROOM_USERS_UNAVAILABLE);
        assertThat(unavailable.message()).contains("rnobody").contains("raway").doesNotContain("rfriend");

        Response.Error onlySelf = me.requestError(new Request.BuildRoom(me.nextId(), List.of("rme")));
        assertThat(onlySelf.code()).isEqualTo(ErrorCode.SELF);

        friend.sync();
        assertThat(friend.keptOf(Event.RoomJoined.class)).as("no room was made").isEmpty();
    }

    @Test
    void roomMessagesAreNumberedPerRoomAndPushedToOnlineMembers() throws Exception {
        TestConnection a = server.register("ma");
        TestConnection b = server.register("mb");
        TestConnection outsider = server.register("mout");
        long room = a.request(new Request.BuildRoom(a.nextId(), List.of("mb")), Response.RoomBuilt.class).roomId();
        long other = a.request(new Request.BuildRoom(a.nextId(), List.of("mout")), Response.RoomBuilt.class).roomId();

        Response.RoomMessageSent m1 = a.request(new Request.SendRoomMessage(a.nextId(), room, "one"), Response.RoomMessageSent.class);
        Response.RoomMessageSent m2 = b.request(new Request.SendRoomMessage(b.nextId(), room, "two"), Response.RoomMessageSent.class);
        Response.RoomMessageSent o1 = a.request(new Request.SendRoomMessage(a.nextId(), other, "elsewhere"),
                Response.RoomMessageSent.class);
        assertThat(List.of(m1.number(), m2.number(), o1.number())).containsExactly(1L, 2L, 1L);
        assertThat(b.awaitEvent(Event.RoomMessageReceived.class))
                .isEqualTo(new Event.RoomMessageReceived(room, "ma", "one", 1, m1.at()));
        assertThat(a.awaitEvent(Event.RoomMessageReceived.class))
                .isEqualTo(new Event.RoomMessageReceived(room, "mb", "two", 2, m2.at()));

        Response.Error missing = a.requestError(new Request.SendRoomMessage(a.nextId(), 999_999, "hello?"));
        assertThat(missing.code()).isEqualTo(ErrorCode.ROOM_NOT_FOUND);
        assertThat(missing.message()).isEqualTo("The separate room does not exist");
        Response.Error notMember = outsider.requestError(new Request.SendRoomMessage(outsider.nextId(), room, "let me in"));
        assertThat(notMember.code()).isEqualTo(ErrorCode.NOT_A_MEMBER);
        assertThat(notMember.message()).isEqualTo("You are not in this separate room chat");

        await().atMost(TestConnection.WAIT).untilAsserted(() ->
                assertThat(Files.readAllLines(server.file("SR_" + room + "_messagelog.txt"))).satisfiesExactly(
                        l -> assertThat(l).startsWith("1; ").endsWith("; ma; one"),
                        l -> assertThat(l).startsWith("2; ").endsWith("; mb; two")));
        outsider.sync();
        assertThat(outsider.keptOf(Event.RoomMessageReceived.class)).as("only its own room's messages")
                .containsExactly(new Event.RoomMessageReceived(other, "ma", "elsewhere", 1, o1.at()));
    }

    @Test
    void broadcastHistoryIsStrictlyAfterIncludesOwnAndLeavesOutBlockedSenders() throws Exception {
        TestConnection reader = server.register("hreader");
        TestConnection friend = server.register("hfriend");
        TestConnection pest = server.register("hpest");
        reader.request(new Request.Block(reader.nextId(), "hpest"), Response.Ok.class);

        Response.BroadcastSent first = friend.request(new Request.SendBroadcast(friend.nextId(), "h-first"), Response.BroadcastSent.class);
        Response.BroadcastSent own = reader.request(new Request.SendBroadcast(reader.nextId(), "h-own"), Response.BroadcastSent.class);
        pest.request(new Request.SendBroadcast(pest.nextId(), "h-pest"), Response.BroadcastSent.class);
        Response.BroadcastSent last = friend.request(new Request.SendBroadcast(friend.nextId(), "h-last"), Response.BroadcastSent.class);

        Response.History all = reader.request(new Request.ReadHistory(reader.nextId(), HistoryKind.BROADCAST, first.at() - 1),
                Response.History.class);
        assertThat(all.items()).extracting(HistoryItem::text).containsSubsequence("h-first", "h-own", "h-last")
                .doesNotContain("h-pest");
        assertThat(all.items()).filteredOn(i -> i.text().equals("h-own")).singleElement()
                .isEqualTo(new HistoryItem(0, own.number(), "hreader", "h-own", own.at()));

        Response.History after = reader.request(new Request.ReadHistory(reader.nextId(), HistoryKind.BROADCAST, first.at()),
                Response.History.class);
        assertThat(after.items()).extracting(HistoryItem::text).doesNotContain("h-first", "h-pest");
        assertThat(after.items()).allSatisfy(i -> assertThat(i.at()).isGreaterThan(first.at()));
        assertThat(after.items()).extracting(HistoryItem::text).contains("h-last");

        Response.History none = reader.request(new Request.ReadHistory(reader.nextId(), HistoryKind.BROADCAST, last.at()),
                Response.History.class);
        assertThat(none.items()).isEmpty();
    }

    @Test
    void roomHistoryCoversOnlyTheCallersRoomsAndLeavesOutBlockedSenders() throws Exception {
        TestConnection reader = server.register("sreader");
        TestConnection friend = server.register("sfriend");
        TestConnection pest = server.register("spest");
        TestConnection stranger = server.register("sstranger");
        long room = reader.request(new Request.BuildRoom(reader.nextId(), List.of("sfriend", "spest")),
                Response.RoomBuilt.class).roomId();
        long foreign = friend.request(new Request.BuildRoom(friend.nextId(), List.of("sstranger")),
                Response.RoomBuilt.class).roomId();
        reader.request(new Request.Block(reader.nextId(), "spest"), Response.Ok.class);

        Response.RoomMessageSent m1 = friend.request(new Request.SendRoomMessage(friend.nextId(), room, "s-one"),
                Response.RoomMessageSent.class);
        reader.request(new Request.SendRoomMessage(reader.nextId(), room, "s-own"), Response.RoomMessageSent.class);
        pest.request(new Request.SendRoomMessage(pest.nextId(), room, "s-pest"), Response.RoomMessageSent.class);
        stranger.request(new Request.SendRoomMessage(stranger.nextId(), foreign, "s-foreign"), Response.RoomMessageSent.class);

        Response.History h = reader.request(new Request.ReadHistory(reader.nextId(), HistoryKind.ROOMS, m1.at() - 1),
                Response.History.class);
        assertThat(h.kind()).isEqualTo(HistoryKind.ROOMS);
        assertThat(h.items()).extracting(HistoryItem::text).containsExactly("s-one", "s-own");
        assertThat(h.items()).allSatisfy(i -> assertThat(i.roomId()).isEqualTo(room));
        assertThat(h.items()).extracting(HistoryItem::number).containsExactly(1L, 2L);
        reader.sync();
        assertThat(reader.keptOf(Event.RoomMessageReceived.class)).as("nothing pushed from a blocked sender")
                .extracting(Event.RoomMessageReceived::from).containsExactly("sfriend");
    }

    @Test
    void aUserWhoBlockedTheCreatorCannotBeAddedOnlineOrNotAndIsNeverTold() throws Exception {
        TestConnection blocker = server.register("bhans");
        TestConnection blocked = server.register("byoda");
        blocker.request(new Request.Block(blocker.nextId(), "byoda"), Response.Ok.class);

        Response.Error online = blocked.requestError(new Request.BuildRoom(blocked.nextId(), List.of("bhans")));
        assertThat(online.code()).isEqualTo(ErrorCode.ROOM_USERS_UNAVAILABLE);
        assertThat(online.message()).isEqualTo("Error. No separate room created. Users that cannot be added: bhans.");
        blocker.sync();
        assertThat(blocker.keptOf(Event.RoomJoined.class)).as("no room was made").isEmpty();

        blocker.request(new Request.Logout(blocker.nextId()), Response.Bye.class);
        Response.Error offline = blocked.requestError(new Request.BuildRoom(blocked.nextId(), List.of("bhans")));
        assertThat(offline.message()).as("the blocker's presence stays hidden: the same answer offline")
                .isEqualTo(online.message());
    }

    @Test
    void aUserWhoBlockedAnotherNamedMemberIsNotPutInARoomWithThem() throws Exception {
        TestConnection creator = server.register("tcreator");
        TestConnection blocker = server.register("thans");
        TestConnection blocked = server.register("tleia");
        blocker.request(new Request.Block(blocker.nextId(), "tleia"), Response.Ok.class);

        Response.Error refused = creator.requestError(new Request.BuildRoom(creator.nextId(), List.of("tleia", "thans")));
        assertThat(refused.message()).isEqualTo("Error. No separate room created. Users that cannot be added: thans.");
        blocked.sync();
        blocker.sync();
        assertThat(blocked.keptOf(Event.RoomJoined.class)).isEmpty();
        assertThat(blocker.keptOf(Event.RoomJoined.class)).isEmpty();
    }

    @Test
    void theBlockerMayStillBuildARoomWithTheBlockedAndAnUnblockLiftsTheRefusal() throws Exception {
        TestConnection blocker = server.register("uhans");
        TestConnection blocked = server.register("uyoda");
        blocker.request(new Request.Block(blocker.nextId(), "uyoda"), Response.Ok.class);
        // the blocker's own choice: it reveals only its own presence
        Response.RoomBuilt own = blocker.request(new Request.BuildRoom(blocker.nextId(), List.of("uyoda")),
                Response.RoomBuilt.class);
        assertThat(own.existed()).isFalse();

        blocker.request(new Request.Unblock(blocker.nextId(), "uyoda"), Response.Ok.class);
        blocked.request(new Request.BuildRoom(blocked.nextId(), List.of("uhans")), Response.RoomBuilt.class);
    }
}
