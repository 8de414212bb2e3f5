package org.parley.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.protocol.ActiveUser;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Event;
import org.parley.protocol.Request;
import org.parley.protocol.Response;
import org.parley.server.core.ClusterFixture.Connected;
import java.util.concurrent.atomic.AtomicInteger;
import org.parley.server.core.bus.ClusterEvent;
import org.parley.server.core.metrics.CoreMetrics;
import org.parley.server.core.bus.InMemoryBus;
import org.parley.server.core.store.InMemoryClusterDirectory;
import org.parley.server.core.store.InMemoryStore;
import org.parley.server.core.store.Store;

/**
 * Three cores as the nodes of one cluster, in one JVM: a shared in-memory store and claim directory,
 * and the in-memory bus. Every cross-node behaviour of the core, without a database or an engine (the
 * same behaviours over PostgreSQL: {@link PostgresClusterCoreTest}).
 */
class ClusterCoreTest {

    static final String ASKER_KEY = "SHA256:" + "A".repeat(42) + "Q";
    static final String TARGET_KEY = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU";

    final InMemoryStore store = new InMemoryStore();
    final InMemoryClusterDirectory directory = new InMemoryClusterDirectory();
    final InMemoryBus bus = InMemoryBus.smallest();
    ClusterFixture cluster;
    ChatCore a;
    ChatCore b;
    ChatCore c;

    ClusterFixture.NodeParts parts() {
        return ClusterFixture.shared(node -> store, directory, bus);
    }

    /** The node holding the user's claim, or null. */
    String claimedOn(String user) throws Exception {
        var claim = directory.claimsNow().get(user);
        return claim == null ? null : claim.node();
    }

    boolean isDelivered(long messageId) throws Exception {
        return store.isDelivered(messageId);
    }

    /** The node's heartbeats stop renewing its lease, as if it were cut off from the database. */
    void freeze(String node) {
        directory.freeze(node);
    }

    @BeforeEach
    void startThreeNodes() throws Exception {
        // a lease of seconds: a loaded machine must not take a node for dead by accident
        cluster = new ClusterFixture(parts(), Duration.ofMillis(250), Duration.ofSeconds(2));
        a = cluster.start("a");
        b = cluster.start("b");
        c = cluster.start("c");
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void aUserLogsInOnOneNodeAtATimeAndTheRightPasswordIsAskedFirst() throws Exception {
        cluster.login(a, "alice");
        Connected second = cluster.connect(b);
        Response wrong = cluster.tryLogin(second, "alice", "nope", 0, 0);
        assertThat(((Response.Error) wrong).code()).isEqualTo(ErrorCode.INVALID_PASSWORD);
        Response right = cluster.tryLogin(second, "alice", "alicepw", 0, 0);
        assertThat(right).isEqualTo(new Response.Error(3, ErrorCode.ALREADY_LOGGED_IN, "alice is already logged in"));
    }

    @Test
    void afterALogoutTheUserLogsInOnAnotherNode() throws Exception {
        Connected first = cluster.login(a, "alice");
        cluster.logout(first);
        await().until(() -> claimedOn("alice") == null);
        cluster.login(b, "alice");
        assertThat(claimedOn("alice")).isEqualTo("b");
    }

    @Test
    void presenceAndWhoElseAndAtuSpanTheNodesAndRespectBlocks() throws Exception {
        Connected bob = cluster.login(b, "bob", 5001, 0);
        Connected carol = cluster.login(c, "carol");
        assertThat(bob.next(Event.UserLoggedIn.class)).isEqualTo(new Event.UserLoggedIn("carol"));
        Connected alice = cluster.login(a, "alice", 4001, 0);
        assertThat(bob.next(Event.UserLoggedIn.class)).isEqualTo(new Event.UserLoggedIn("alice"));
        assertThat(carol.next(Event.UserLoggedIn.class)).isEqualTo(new Event.UserLoggedIn("alice"));

        alice.send(new Request.WhoElse(10));
        assertThat(alice.next(Response.UserList.class).users()).containsExactly("bob", "carol");
        alice.send(new Request.ActiveUsers(11));
        List<ActiveUser> atu = alice.next(Response.ActiveUserList.class).users();
        assertThat(atu).extracting(ActiveUser::username).containsExactly("bob", "carol");
        assertThat(atu.get(0).udpPort()).isEqualTo(5001);

        // bob blocks carol: carol no longer sees bob, in whoelse or whoelsesince, on any node
        bob.send(new Request.Block(12, "carol"));
        bob.next(Response.Ok.class);
        await().untilAsserted(() -> {
            carol.send(new Request.WhoElse(13));
            assertThat(carol.next(Response.UserList.class).users()).containsExactly("alice");
        });
        carol.send(new Request.WhoElseSince(14, 60));
        assertThat(carol.next(Response.UserList.class).users()).containsExactly("alice");

        cluster.logout(alice);
        assertThat(bob.next(Event.UserLoggedOut.class)).isEqualTo(new Event.UserLoggedOut("alice"));
        assertThat(carol.next(Event.UserLoggedOut.class)).isEqualTo(new Event.UserLoggedOut("alice"));
    }

    @Test
    void aDirectMessageReachesARecipientOnAnotherNodeLiveAndIsMarkedDeliveredOnItsAck() throws Exception {
        Connected alice = cluster.login(a, "alice");
        Connected bob = cluster.login(b, "bob");
        alice.next(Event.UserLoggedIn.class); // a has heard of bob
        alice.send(new Request.SendMessage(20, "bob", "across nodes"));
        assertThat(alice.next(Response.MessageSent.class)).isEqualTo(new Response.MessageSent(20, "bob", false));
        Event.MessageReceived got = bob.next(Event.MessageReceived.class);
        assertThat(got.text()).isEqualTo("across nodes");
        assertThat(got.offline()).isFalse();
        bob.send(new Request.Ack(21, List.of(got.messageId())));
        await().until(() -> isDelivered(got.messageId()));
    }

    @Test
    void aMessageToAnOfflineUserIsStoredAndDeliveredAtItsLoginOnAnyNode() throws Exception {
        Connected alice = cluster.login(a, "alice");
        Connected bobOnC = cluster.login(c, "bob");
        alice.next(Event.UserLoggedIn.class);
        cluster.logout(bobOnC);
        alice.next(Event.UserLoggedOut.class);
        alice.send(new Request.SendMessage(22, "bob", "while you were out"));
        assertThat(alice.next(Response.MessageSent.class).stored()).isTrue();
        await().until(() -> claimedOn("bob") == null);
        Connected bobOnB = cluster.login(b, "bob");
        Event.MessageReceived got = bobOnB.next(Event.MessageReceived.class);
        assertThat(got.text()).isEqualTo("while you were out");
        assertThat(got.offline()).isTrue();
    }

    @Test
    void broadcastsAreNumberedOnceAcrossTheClusterAndPublishedOncePerEvent() throws Exception {
        Connected alice = cluster.login(a, "alice");
        Connected bob = cluster.login(b, "bob");
        Connected carol = cluster.login(c, "carol");
        int before = bus.published(org.parley.server.core.bus.ClusterEvent.BroadcastCommitted.class);
        alice.send(new Request.SendBroadcast(30, "from a"));
        Response.BroadcastSent first = alice.next(Response.BroadcastSent.class);
        // (next() passes over other frames: each session's frames are read in the order they come)
        assertThat(bob.next(Event.BroadcastReceived.class)).isEqualTo(
                new Event.BroadcastReceived("alice", "from a", 1, first.at()));
        bob.send(new Request.SendBroadcast(31, "from b"));
        Response.BroadcastSent second = bob.next(Response.BroadcastSent.class);
        assertThat(List.of(first.number(), second.number())).containsExactly(1L, 2L);
        assertThat(alice.next(Event.BroadcastReceived.class).number()).isEqualTo(2);
        assertThat(carolsCopy(carol, 1).text()).isEqualTo("from a");
        assertThat(carolsCopy(carol, 2).text()).isEqualTo("from b");
        // one message on the bus per broadcast, whatever the number of recipients
        assertThat(bus.published(org.parley.server.core.bus.ClusterEvent.BroadcastCommitted.class) - before).isEqualTo(2);
    }

    private Event.BroadcastReceived carolsCopy(Connected carol, long number) throws InterruptedException {
        Event.BroadcastReceived got = carol.next(Event.BroadcastReceived.class);
        assertThat(got.number()).isEqualTo(number);
        return got;
    }

    @Test
    void aBroadcastTheBusLostOnTheWayToOneNodeIsReadFromTheDatabaseAndShownBeforeTheNext() throws Exception {
        Connected alice = cluster.login(a, "alice");
        Connected bob = cluster.login(b, "bob");
        Connected carol = cluster.login(c, "carol");
        bus.lose("a", "c");
        alice.send(new Request.SendBroadcast(32, "lost on the way to c"));
        assertThat(alice.next(Response.BroadcastSent.class).number()).isEqualTo(1);
        assertThat(bob.next(Event.BroadcastReceived.class).number()).isEqualTo(1);
        bob.send(new Request.SendBroadcast(33, "the next one"));
        assertThat(bob.next(Response.BroadcastSent.class).number()).isEqualTo(2);

        assertThat(carolsCopy(carol, 1).text()).isEqualTo("lost on the way to c");
        assertThat(carolsCopy(carol, 2).text()).isEqualTo("the next one");
        bus.stopLosing("a", "c");
        alice.send(new Request.SendBroadcast(34, "and on"));
        assertThat(carolsCopy(carol, 3).text()).isEqualTo("and on");
    }

    @Test
    void aRoomMessageTheBusLostOnTheWayToOneNodeIsShownBeforeTheNextInThatRoom() throws Exception {
        Connected alice = cluster.login(a, "alice");
        Connected bob = cluster.login(b, "bob");
        Connected carol = cluster.login(c, "carol");
        alice.next(Event.UserLoggedIn.class);
        alice.next(Event.UserLoggedIn.class);
        alice.send(new Request.BuildRoom(53, List.of("bob", "carol")));
        long room = alice.next(Response.RoomBuilt.class).roomId();
        bob.next(Event.RoomJoined.class);
        carol.next(Event.RoomJoined.class);
        bus.lose("a", "c");
        alice.send(new Request.SendRoomMessage(54, room, "lost on the way to c"));
        assertThat(alice.next(Response.RoomMessageSent.class).number()).isEqualTo(1);
        assertThat(bob.next(Event.RoomMessageReceived.class).number()).isEqualTo(1);
        bob.send(new Request.SendRoomMessage(55, room, "the next one"));
        assertThat(bob.next(Response.RoomMessageSent.class).number()).isEqualTo(2);

        Event.RoomMessageReceived first = carol.next(Event.RoomMessageReceived.class);
        Event.RoomMessageReceived second = carol.next(Event.RoomMessageReceived.class);
        assertThat(List.of(first.number(), second.number())).containsExactly(1L, 2L);
        assertThat(first.text()).isEqualTo("lost on the way to c");
    }

    @Test
    void twoNodesBuildingTheSameRoomAtOnceMakeOneRoom() throws Exception {
        Connected alice = cluster.login(a, "alice");
        Connected bob = cluster.login(b, "bob");
        alice.next(Event.UserLoggedIn.class);
        await().untilAsserted(() -> { // b has heard of alice's login too, so both builds go to the store
            bob.send(new Request.WhoElse(55));
            assertThat(bob.next(Response.UserList.class).users()).contains("alice");
        });
        alice.send(new Request.BuildRoom(56, List.of("bob")));
        bob.send(new Request.BuildRoom(57, List.of("alice")));

        Response.RoomBuilt onA = alice.next(Response.RoomBuilt.class);
        Response.RoomBuilt onB = bob.next(Response.RoomBuilt.class);
        assertThat(onA.roomId()).isEqualTo(onB.roomId());
        assertThat(List.of(onA.existed(), onB.existed())).containsExactlyInAnyOrder(true, false);
        bob.send(new Request.SendRoomMessage(58, onB.roomId(), "one room"));
        assertThat(alice.next(Event.RoomMessageReceived.class).text()).isEqualTo("one room");
    }

    @Test
    void aRoomMessageCommittedBeforeAMembersLoginIsNotPushedToItWhenItsGapIsFilledLater() throws Exception {
        Connected alice = cluster.login(a, "alice");
        Connected bob = cluster.login(b, "bob");
        Connected carol = cluster.login(c, "carol");
        alice.next(Event.UserLoggedIn.class);
        alice.next(Event.UserLoggedIn.class);
        alice.send(new Request.BuildRoom(56, List.of("bob", "carol")));
        long room = alice.next(Response.RoomBuilt.class).roomId();
        bob.next(Event.RoomJoined.class);
        carol.next(Event.RoomJoined.class);
        cluster.logout(carol);
        bus.lose("a", "c");
        alice.send(new Request.SendRoomMessage(57, room, "while carol was away"));
        assertThat(alice.next(Response.RoomMessageSent.class).number()).isEqualTo(1);
        assertThat(bob.next(Event.RoomMessageReceived.class).number()).isEqualTo(1); // published, lost to c
        bus.stopLosing("a", "c");

        Connected carolAgain = cluster.login(c, "carol");
        alice.send(new Request.SendRoomMessage(58, room, "after her login"));
        assertThat(alice.next(Response.RoomMessageSent.class).number()).isEqualTo(2);

        Event.RoomMessageReceived shown = carolAgain.next(Event.RoomMessageReceived.class);
        assertThat(shown.number()).as("#1 was committed before carol's login: history, not live").isEqualTo(2);
    }

    @Test
    void aTextTooLongForTheBusIsReadFromTheDatabase() throws Exception {
        Connected alice = cluster.login(a, "alice");
        Connected bob = cluster.login(b, "bob");
        String longest = "🙂".repeat(2_000);
        alice.send(new Request.SendBroadcast(40, longest));
        alice.next(Response.BroadcastSent.class);
        assertThat(bob.next(Event.BroadcastReceived.class).text()).isEqualTo(longest);
        alice.send(new Request.SendMessage(41, "bob", longest));
        alice.next(Response.MessageSent.class);
        assertThat(bob.next(Event.MessageReceived.class).text()).isEqualTo(longest);
    }

    @Test
    void roomsHaveMembersOnSeveralNodes() throws Exception {
        Connected alice = cluster.login(a, "alice");
        Connected bob = cluster.login(b, "bob");
        Connected carol = cluster.login(c, "carol");
        alice.next(Event.UserLoggedIn.class);
        alice.next(Event.UserLoggedIn.class); // a has heard of both
        alice.send(new Request.BuildRoom(50, List.of("bob", "carol")));
        long room = alice.next(Response.RoomBuilt.class).roomId();
        assertThat(bob.next(Event.RoomJoined.class)).isEqualTo(new Event.RoomJoined(room,
                List.of("alice", "bob", "carol"), "alice"));
        carol.next(Event.RoomJoined.class);

        carol.send(new Request.SendRoomMessage(51, room, "hello room"));
        assertThat(carol.next(Response.RoomMessageSent.class).number()).isEqualTo(1);
        assertThat(alice.next(Event.RoomMessageReceived.class).text()).isEqualTo("hello room");
        assertThat(bob.next(Event.RoomMessageReceived.class).text()).isEqualTo("hello room");
        bob.send(new Request.SendRoomMessage(52, room, "second"));
        assertThat(bob.next(Response.RoomMessageSent.class).number()).isEqualTo(2);
        assertThat(carol.next(Event.RoomMessageReceived.class).number()).isEqualTo(2);
    }

    @Test
    void aBlockOnOneNodeIsHonouredOnTheOthers() throws Exception {
        Connected alice = cluster.login(a, "alice");
        Connected bob = cluster.login(b, "bob");
        bob.send(new Request.Block(60, "alice"));
        bob.next(Response.Ok.class);
        // once a has heard of the block (one answer per attempt)
        await().until(() -> {
            alice.send(new Request.SendMessage(61, "bob", "let me in"));
            return alice.out().nextOf(Response.MessageSent.class, Response.Error.class) instanceof Response.Error e
                    && e.code() == ErrorCode.BLOCKED_BY_RECIPIENT;
        });
        // and a broadcast of alice's says someone was skipped: bob, on another node
        alice.send(new Request.SendBroadcast(62, "to all but bob"));
        assertThat(alice.next(Response.BroadcastSent.class).someSkipped()).isTrue();
    }

    @Test
    void privateChatConsentIsRelayedBetweenNodes() throws Exception {
        Connected alice = cluster.login(a, "alice", 0, 7001);
        Connected bob = cluster.login(b, "bob", 0, 7002);
        alice.next(Event.UserLoggedIn.class); // a has heard of bob
        alice.send(new Request.StartPrivate(70, "bob", ASKER_KEY));
        assertThat(alice.next(Response.class)).isEqualTo(new Response.Ok(70));
        assertThat(bob.next(Event.PrivateRequested.class)).isEqualTo(new Event.PrivateRequested("alice"));
        bob.send(new Request.AnswerPrivate(71, "alice", true, TARGET_KEY));
        Event.PrivateExpect expect = bob.next(Event.PrivateExpect.class);
        assertThat(expect.fingerprint()).isEqualTo(ASKER_KEY);
        bob.send(new Request.PrivateReady(72, "alice"));
        Event.PrivateAccepted accepted = alice.next(Event.PrivateAccepted.class);
        assertThat(accepted.port()).isEqualTo(7002);
        assertThat(accepted.token()).isEqualTo(expect.token());
        assertThat(accepted.fingerprint()).isEqualTo(TARGET_KEY);
    }

    @Test
    void anUploadToAUserOnAnotherNodeIsAuthorisedWithThatUsersAddress() throws Exception {
        Connected alice = cluster.login(a, "alice", 6001, 0);
        Connected bob = cluster.login(b, "bob", 6002, 0);
        alice.next(Event.UserLoggedIn.class);
        alice.send(new Request.AuthorizeUpload(80, "bob", "notes.txt", 12, "a".repeat(64)));
        Response.UploadTicket ticket = alice.next(Response.UploadTicket.class);
        assertThat(ticket.port()).isEqualTo(6002);
        assertThat(ticket.host()).isEqualTo(bob.session().ip());
        Event.UploadIncoming incoming = bob.next(Event.UploadIncoming.class);
        assertThat(incoming.token()).isEqualTo(ticket.token());
        assertThat(incoming.key()).isEqualTo(ticket.key());
    }

    @Test
    void theEndsOfAnUploadOnTwoNodesHearOfEachOthersDeparture() throws Exception {
        Connected alice = cluster.login(a, "alice", 6001, 0);
        Connected bob = cluster.login(b, "bob", 6002, 0);
        Connected carol = cluster.login(c, "carol", 6003, 0);
        alice.next(Event.UserLoggedIn.class);
        alice.next(Event.UserLoggedIn.class); // a has heard of bob and carol
        alice.send(new Request.AuthorizeUpload(81, "bob", "a.txt", 1, "a".repeat(64)));
        long toBob = alice.next(Response.UploadTicket.class).transferId();
        bob.next(Event.UploadIncoming.class);
        cluster.logout(bob);
        assertThat(alice.next(Event.UploadCancelled.class)).isEqualTo(
                new Event.UploadCancelled(toBob, "bob", "a.txt", Event.UploadCancelled.Reason.LOGGED_OUT));

        alice.send(new Request.AuthorizeUpload(82, "carol", "b.txt", 1, "b".repeat(64)));
        long toCarol = alice.next(Response.UploadTicket.class).transferId();
        carol.next(Event.UploadIncoming.class);
        cluster.logout(alice);
        assertThat(carol.next(Event.UploadCancelled.class)).isEqualTo(
                new Event.UploadCancelled(toCarol, "alice", "b.txt", Event.UploadCancelled.Reason.LOGGED_OUT));
    }

    @Test
    void aNodeWhoseLeaseRunsOutLosesItsUsersWhoAreSeenLoggingOut() throws Exception {
        Connected alice = cluster.login(a, "alice");
        Connected bob = cluster.login(b, "bob");
        alice.next(Event.UserLoggedIn.class);
        freeze("b"); // b stops renewing its lease, as if cut off from the database
        assertThat(alice.next(Event.UserLoggedOut.class)).isEqualTo(new Event.UserLoggedOut("bob"));
        // b still hears the bus: its session, whose claim was released, is ended
        Event.SessionEnded ended = bob.next(Event.SessionEnded.class);
        assertThat(ended.reason()).isEqualTo(Event.SessionEnded.Reason.KICKED);
        cluster.login(c, "bob");
    }

    @Test
    void aNodeCutOffFromTheBusCatchesUpFromTheDatabase() throws Exception {
        Connected alice = cluster.login(a, "alice");
        Connected carol = cluster.login(c, "carol");
        alice.next(Event.UserLoggedIn.class); // a knows carol's account and login
        bus.cut("c");
        alice.send(new Request.SendBroadcast(90, "while c was away"));
        alice.next(Response.BroadcastSent.class);
        alice.send(new Request.SendMessage(91, "carol", "a message while away"));
        alice.next(Response.MessageSent.class);
        Connected bob = cluster.login(b, "bob");
        bus.restore("c");
        // two catch-ups, two reads: no order is promised between a broadcast and a direct message
        List<org.parley.protocol.Frame> caughtUp = List.of(
                carol.out().nextOf(Event.BroadcastReceived.class, Event.MessageReceived.class),
                carol.out().nextOf(Event.BroadcastReceived.class, Event.MessageReceived.class));
        assertThat(caughtUp).filteredOn(Event.BroadcastReceived.class::isInstance)
                .extracting(f -> ((Event.BroadcastReceived) f).text()).containsExactly("while c was away");
        assertThat(caughtUp).filteredOn(Event.MessageReceived.class::isInstance)
                .extracting(f -> ((Event.MessageReceived) f).text()).containsExactly("a message while away");
        carol.send(new Request.WhoElse(92));
        assertThat(carol.next(Response.UserList.class).users()).contains("bob");
        bob.send(new Request.SendMessage(93, "carol", "after"));
        assertThat(bob.next(Response.MessageSent.class).stored()).isFalse();
    }

    @Test
    void whatANodePublishedWhileCutOffReachesTheOthersOnceItIsBack() throws Exception {
        Connected alice = cluster.login(a, "alice");
        Connected carol = cluster.login(c, "carol");
        alice.next(Event.UserLoggedIn.class);
        bus.cut("c");
        carol.send(new Request.SendBroadcast(95, "said while cut off"));
        carol.next(Response.BroadcastSent.class);
        carol.send(new Request.SendMessage(96, "alice", "written while cut off"));
        carol.next(Response.MessageSent.class);
        bus.restore("c");
        assertThat(alice.next(Event.BroadcastReceived.class).text()).isEqualTo("said while cut off");
        assertThat(alice.next(Event.MessageReceived.class).text()).isEqualTo("written while cut off");
        assertThat(alice.out().drain()).noneMatch(f -> f instanceof Event.BroadcastReceived);
    }

    @Test
    void oneNameRegisteredOnTwoNodesAtOnceIsGivenToOneOfThem() throws Exception {
        Connected onA = cluster.connect(a);
        Connected onB = cluster.connect(b);
        onA.send(new Request.LoginUser(2, "twin"));
        onB.send(new Request.LoginUser(2, "twin"));
        assertThat(onA.next(Response.LoginPrompt.class).prompt()).isEqualTo(Response.LoginPrompt.Prompt.NEW_PASSWORD);
        assertThat(onB.next(Response.LoginPrompt.class).prompt()).isEqualTo(Response.LoginPrompt.Prompt.NEW_PASSWORD);
        onA.send(new Request.LoginPassword(3, "first-password", 0, 0));
        onB.send(new Request.LoginPassword(3, "second-password", 0, 0));
        List<Response> answers = List.of(
                (Response) onA.out().nextOf(Response.LoggedIn.class, Response.Error.class),
                (Response) onB.out().nextOf(Response.LoggedIn.class, Response.Error.class));
        assertThat(answers).filteredOn(r -> r instanceof Response.LoggedIn).hasSize(1);
        assertThat(answers).filteredOn(r -> r instanceof Response.Error e && e.code() == ErrorCode.INVALID_USER)
                .hasSize(1);
    }

    @Test
    void anAccountRegisteredOnOneNodeLogsInOnAnother() throws Exception {
        registeredOnAThenLoggedInOnB("newcomer");
    }

    @Test
    void anAccountWhoseNewsNeverReachedANodeIsFoundInTheDatabaseThereForALogin() throws Exception {
        bus.lose("a", "b");
        registeredOnAThenLoggedInOnB("unheard");
    }

    /** Registers the user on a, logs out, then logs in on b: asked for the password, not a new one. */
    private void registeredOnAThenLoggedInOnB(String user) throws Exception {
        Connected first = cluster.login(a, user);
        cluster.logout(first);
        await().until(() -> claimedOn(user) == null);
        Connected second = cluster.connect(b);
        second.send(new Request.LoginUser(2, user));
        assertThat(second.next(Response.LoginPrompt.class).prompt()).isEqualTo(Response.LoginPrompt.Prompt.PASSWORD);
        second.send(new Request.LoginPassword(3, user + "pw", 0, 0));
        assertThat(second.next(Response.LoggedIn.class).username()).isEqualTo(user);
    }

    @Test
    void aMessageToAnAccountANodeHasNotHeardOfIsDeliveredNotRefused() throws Exception {
        Connected alice = cluster.login(a, "alice");
        bus.lose("b", "a");
        Connected newbie = cluster.login(b, "newbie");

        alice.send(new Request.SendMessage(60, "newbie", "welcome"));
        alice.next(Response.MessageSent.class);
        assertThat(newbie.next(Event.MessageReceived.class).text()).isEqualTo("welcome");
        alice.send(new Request.Block(61, "newbie"));
        assertThat(alice.next(Response.Ok.class)).isNotNull();
    }

    @Test
    void aNodeCountsItsClusterTrafficItsBusLossesAndTheUsersOnOtherNodes() throws Exception {
        CountingMetrics counted = new CountingMetrics();
        ChatCore d = cluster.start("d", CoreConfig.defaults(), counted);
        Connected alice = cluster.login(a, "alice");
        await().atMost(Duration.ofSeconds(10)).until(() -> counted.remoteSessions.get() == 1);
        Connected dave = cluster.login(d, "dave");
        alice.next(Event.UserLoggedIn.class);
        assertThat(counted.published).containsKey(ClusterEvent.UserOnline.class);
        assertThat(counted.received).containsKey(ClusterEvent.UserOnline.class);

        bus.cut("d");
        await().atMost(Duration.ofSeconds(10)).until(() -> counted.busLosses.get() == 1);
        dave.send(new Request.SendBroadcast(97, "while d was away"));
        dave.next(Response.BroadcastSent.class);
        bus.restore("d");
        assertThat(alice.next(Event.BroadcastReceived.class).text()).isEqualTo("while d was away");
        await().atMost(Duration.ofSeconds(10)).until(() -> counted.catchUps.get() == 1);
        // at least the broadcast, and dave's login of a moment before
        assertThat(counted.republished.get()).isGreaterThanOrEqualTo(2);

        cluster.logout(alice);
        await().atMost(Duration.ofSeconds(10)).until(() -> counted.remoteSessions.get() == 0);
        assertThat(counted.undecodable.get()).isZero();
    }

    /** What a node's metrics port was told, readable from the test's thread. */
    static final class CountingMetrics implements CoreMetrics {
        final java.util.Map<Class<?>, Integer> published = new java.util.concurrent.ConcurrentHashMap<>();
        final java.util.Map<Class<?>, Integer> received = new java.util.concurrent.ConcurrentHashMap<>();
        final AtomicInteger busLosses = new AtomicInteger();
        final AtomicInteger catchUps = new AtomicInteger();
        final AtomicInteger republished = new AtomicInteger();
        final AtomicInteger remoteSessions = new AtomicInteger(-1);
        final AtomicInteger undecodable = new AtomicInteger();

        @Override
        public void clusterPublished(Class<? extends ClusterEvent> type) {
            published.merge(type, 1, Integer::sum);
        }

        @Override
        public void clusterReceived(Class<? extends ClusterEvent> type) {
            received.merge(type, 1, Integer::sum);
        }

        @Override
        public void clusterUndecodable() {
            undecodable.incrementAndGet();
        }

        @Override
        public void clusterBusLost() {
            busLosses.incrementAndGet();
        }

        @Override
        public void clusterCaughtUp(int republishedEvents) {
            catchUps.incrementAndGet();
            republished.addAndGet(republishedEvents);
        }

        @Override
        public void remoteSessions(int online) {
            remoteSessions.set(online);
        }
    }
}
