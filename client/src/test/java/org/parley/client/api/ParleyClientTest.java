package org.parley.client.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.channel.nio.NioEventLoopGroup;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.client.testing.FakeServer;
import org.parley.protocol.ActiveUser;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Event;
import org.parley.protocol.HistoryCursor;
import org.parley.protocol.HistoryItem;
import org.parley.protocol.HistoryKind;
import org.parley.protocol.ProtocolVersion;
import org.parley.protocol.Request;
import org.parley.protocol.Response;

class ParleyClientTest {

    private FakeServer server;
    private ParleyClient client;
    private final List<Object> heard = new CopyOnWriteArrayList<>();

    @BeforeEach
    void connect() throws Exception {
        server = new FakeServer();
        CompletableFuture<ParleyClient> connecting = ParleyClient.connect("127.0.0.1", server.port());
        server.acceptHello("Australia/Sydney");
        client = connecting.get(10, TimeUnit.SECONDS);
        client.addListener(new ClientListener() {
            @Override
            public void onLoggedIn(String username) {
                heard.add("logged in " + username);
            }

            @Override
            public void onEvent(Event event) {
                heard.add(event);
            }

            @Override
            public void onConnectionLost(Throwable cause) {
                heard.add("lost");
            }

            @Override
            public void onUnsolicitedError(Response.Error error) {
                heard.add(error);
            }
        });
    }

    @AfterEach
    void close() throws Exception {
        client.close();
        server.close();
    }

    @Test
    void helloTellsTheServersZone() {
        assertThat(client.serverZone()).isEqualTo(ZoneId.of("Australia/Sydney"));
        assertThat(client.isOpen()).isTrue();
    }

    @Test
    void responsesAreMatchedByIdWhateverTheirOrder() throws Exception {
        CompletableFuture<Response.UserList> who = client.whoElse();
        CompletableFuture<Response.ActiveUserList> atu = client.activeUsers();
        Request.WhoElse whoRequest = server.expect(Request.WhoElse.class);
        Request.ActiveUsers atuRequest = server.expect(Request.ActiveUsers.class);
        assertThat(whoRequest.id()).isNotEqualTo(atuRequest.id());

        server.send(new Response.ActiveUserList(atuRequest.id(), List.of(new ActiveUser("yoda", "127.0.0.1", 6666, 5L))));
        server.send(new Response.UserList(whoRequest.id(), List.of("yoda", "luke")));

        assertThat(who.get(5, TimeUnit.SECONDS).users()).containsExactly("yoda", "luke");
        assertThat(atu.get(5, TimeUnit.SECONDS).users()).extracting(ActiveUser::username).containsExactly("yoda");
    }

    @Test
    void anErrorFrameFailsTheRequestWithItsCodeAndExactLine() throws Exception {
        CompletableFuture<Response.Ok> block = client.block("ghost");
        Request.Block request = server.expect(Request.Block.class);
        assertThat(request.user()).isEqualTo("ghost");
        server.send(new Response.Error(request.id(), ErrorCode.INVALID_USER, "Error. Invalid user"));

        assertThatThrownBy(() -> block.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(ServerErrorException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_USER);
                    assertThat(e.getMessage()).isEqualTo("Error. Invalid user");
                });
    }

    @Test
    void aResponseOfTheWrongTypeFailsTheRequest() throws Exception {
        CompletableFuture<Response.BroadcastSent> broadcast = client.broadcast("hi");
        Request.SendBroadcast request = server.expect(Request.SendBroadcast.class);
        server.send(new Response.Ok(request.id()));

        assertThatThrownBy(() -> broadcast.get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOf(UnexpectedResponseException.class);
    }

    @Test
    void historyPagesAreAskedForWithTheLastCursorAndARateRefusalIsAskedAgain() throws Exception {
        Instant since = Instant.parse("2022-06-01T11:30:04Z");
        List<Response.History> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<Long> all = client.readHistoryPages(HistoryKind.BROADCAST, since, seen::add);

        Request.ReadHistory first = server.expect(Request.ReadHistory.class);
        assertThat(first.after()).isNull();
        assertThat(first.since()).isEqualTo(since.toEpochMilli());
        Response.History page1 = new Response.History(first.id(), HistoryKind.BROADCAST,
                List.of(new HistoryItem(0, 1, "yoda", "a", 1), new HistoryItem(0, 2, "luke", "b", 2)), true,
                new HistoryCursor(0, 5));
        server.send(page1);
        Request.ReadHistory second = server.expect(Request.ReadHistory.class);
        assertThat(second.after()).isEqualTo(new HistoryCursor(0, 5));
        assertThat(seen).containsExactly(page1);
        server.send(new Response.Error(second.id(), ErrorCode.RATE_LIMITED, "Error. Too many commands"));
        Request.ReadHistory again = server.expect(Request.ReadHistory.class);
        assertThat(again.after()).isEqualTo(new HistoryCursor(0, 5));
        assertThat(again.id()).isNotEqualTo(second.id());
        Response.History page2 = new Response.History(again.id(), HistoryKind.BROADCAST,
                List.of(new HistoryItem(0, 9, "leia", "c", 3)), false, new HistoryCursor(0, 9));
        server.send(page2);

        assertThat(all.get(5, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(seen).containsExactly(page1, page2);
    }

    @Test
    void aHistoryThatSaysMoreWithoutMovingOnFailsInsteadOfLooping() throws Exception {
        CompletableFuture<Response.History> all = client.readHistory(HistoryKind.ROOMS, Instant.EPOCH);
        Request.ReadHistory first = server.expect(Request.ReadHistory.class);
        server.send(new Response.History(first.id(), HistoryKind.ROOMS, List.of(), true, null));
        assertThatThrownBy(() -> all.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(UnexpectedResponseException.class);
    }

    @Test
    void requestsCarryTheirArguments() throws Exception {
        Instant since = Instant.parse("2022-06-01T11:30:04Z");
        client.readHistory(HistoryKind.ROOMS, since);
        client.buildRoom(List.of("a", "b"));
        client.roomMessage(7, "hello room");
        client.message("bob", "hi bob");
        client.whoElseSince(60);
        client.loginPassword("pw", 5000, 6000);

        assertThat(server.expect(Request.ReadHistory.class))
                .satisfies(r -> assertThat(r.kind()).isEqualTo(HistoryKind.ROOMS))
                .satisfies(r -> assertThat(r.since()).isEqualTo(since.toEpochMilli()));
        assertThat(server.expect(Request.BuildRoom.class).users()).containsExactly("a", "b");
        assertThat(server.expect(Request.SendRoomMessage.class))
                .satisfies(r -> assertThat(r.roomId()).isEqualTo(7))
                .satisfies(r -> assertThat(r.text()).isEqualTo("hello room"));
        assertThat(server.expect(Request.SendMessage.class))
                .satisfies(r -> assertThat(r.to()).isEqualTo("bob"))
                .satisfies(r -> assertThat(r.text()).isEqualTo("hi bob"));
        assertThat(server.expect(Request.WhoElseSince.class).seconds()).isEqualTo(60);
        assertThat(server.expect(Request.LoginPassword.class))
                .extracting(Request.LoginPassword::password, Request.LoginPassword::udpPort,
                        Request.LoginPassword::privatePort)
                .containsExactly("pw", 5000, 6000);
    }

    @Test
    void loginTellsTheListenerBeforeTheEventsThatFollowIt() throws Exception {
        CompletableFuture<Response.LoginPrompt.Prompt> prompt = client.loginUser("yoda");
        Request.LoginUser user = server.expect(Request.LoginUser.class);
        server.send(new Response.LoginPrompt(user.id(), Response.LoginPrompt.Prompt.NEW_PASSWORD));
        assertThat(prompt.get(5, TimeUnit.SECONDS)).isEqualTo(Response.LoginPrompt.Prompt.NEW_PASSWORD);

        CompletableFuture<String> login = client.loginPassword("secret", 0, 0);
        Request.LoginPassword password = server.expect(Request.LoginPassword.class);
        Event.MessageReceived offline = new Event.MessageReceived(11, "luke", "hi", 1L, true);
        server.send(new Response.LoggedIn(password.id(), "yoda"));
        server.send(offline);

        assertThat(login.get(5, TimeUnit.SECONDS)).isEqualTo("yoda");
        assertThat(client.username()).contains("yoda");
        await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() == 2);
        assertThat(heard).containsExactly("logged in yoda", offline);
    }

    @Test
    void directMessagesReachTheListenerOnceEachAndAreAcknowledgedDuplicatesToo() throws Exception {
        Event.MessageReceived first = new Event.MessageReceived(41, "luke", "one", 1L, true);
        Event.MessageReceived second = new Event.MessageReceived(42, "luke", "two", 2L, true);
        server.send(first);
        assertThat(server.expect(Request.Ack.class).messageIds()).containsExactly(41L);
        // sent again (the server never committed the ack): dropped, but acknowledged again
        server.send(first);
        assertThat(server.expect(Request.Ack.class).messageIds()).containsExactly(41L);
        server.send(second);
        assertThat(server.expect(Request.Ack.class).messageIds()).containsExactly(42L);

        await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() == 2);
        assertThat(heard).containsExactly(first, second);
    }

    @Test
    void aMessageShownOnOneConnectionIsDroppedOnTheNextThatSharesItsMemory() throws Exception {
        ReceivedMessages memory = new ReceivedMessages();
        List<Event> seen = new CopyOnWriteArrayList<>();
        Event.MessageReceived message = new Event.MessageReceived(77, "luke", "once", 1L, false);
        for (int connection = 1; connection <= 2; connection++) {
            try (FakeServer fake = new FakeServer()) {
                CompletableFuture<ParleyClient> connecting = ParleyClient.connect("127.0.0.1", fake.port(), null,
                        ParleyClient.DEFAULT_REQUEST_TIMEOUT, memory);
                fake.acceptHello("UTC");
                ParleyClient c = connecting.get(10, TimeUnit.SECONDS);
                c.addListener(new ClientListener() {
                    @Override
                    public void onEvent(Event event) {
                        seen.add(event);
                    }
                });
                fake.send(message); // the second server never got the first connection's ack
                assertThat(fake.expect(Request.Ack.class).messageIds()).containsExactly(77L);
                c.close();
            }
        }
        assertThat(seen).containsExactly(message);
    }

    @Test
    void aBurstOfDirectMessagesIsAcknowledgedInOneFrame() throws Exception {
        StringBuilder burst = new StringBuilder();
        for (long id = 1; id <= 50; id++) {
            if (id > 1) {
                burst.append('\n');
            }
            burst.append(new String(org.parley.protocol.FrameCodec.frames()
                    .encode(new Event.MessageReceived(id, "luke", "m" + id, id, true)), java.nio.charset.StandardCharsets.UTF_8));
        }
        server.sendRaw(burst.toString()); // one write: the client reads it in one burst
        List<Long> acked = new java.util.ArrayList<>();
        while (acked.size() < 50) {
            acked.addAll(server.expect(Request.Ack.class).messageIds());
        }
        assertThat(acked).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 50).boxed().toList());
        await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() == 50);
    }

    @Test
    void eventsReachListenersInTheOrderSent() {
        List<Event> events = List.of(new Event.UserLoggedIn("a"), new Event.BroadcastReceived("a", "x", 1, 2),
                new Event.RoomJoined(3, List.of("a", "b"), "a"), new Event.UserLoggedOut("a"),
                new Event.PrivateRequested("a"), new Event.UploadIncoming("a", "f.mp4", 10, "00", 4, "t", "k"));
        events.forEach(server::send);

        await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() == events.size());
        assertThat(heard).containsExactlyElementsOf(events);
    }

    @Test
    void anUnreadableFrameIsSkippedAndLaterFramesStillArrive() {
        server.sendRaw("{\"type\":\"no-such-event\"}");
        server.sendRaw("not json at all");
        server.send(new Event.UserLoggedIn("yoda"));

        await().atMost(Duration.ofSeconds(5)).until(() -> !heard.isEmpty());
        assertThat(heard).containsExactly(new Event.UserLoggedIn("yoda"));
        assertThat(client.isOpen()).isTrue();
    }

    @Test
    void anErrorForNoPendingRequestGoesToTheListener() {
        Response.Error error = new Response.Error(0, ErrorCode.BAD_FRAME, "Error. Malformed request");
        server.send(error);

        await().atMost(Duration.ofSeconds(5)).until(() -> !heard.isEmpty());
        assertThat(heard).containsExactly(error);
    }

    @Test
    void losingTheConnectionFailsPendingRequestsAndTellsListeners() throws Exception {
        CompletableFuture<Response.UserList> who = client.whoElse();
        CompletableFuture<Response.Ok> block = client.block("vader");
        server.expect(Request.WhoElse.class);
        server.expect(Request.Block.class);
        server.disconnect();

        assertThatThrownBy(() -> who.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(ConnectionLostException.class);
        assertThatThrownBy(() -> block.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(ConnectionLostException.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> heard.contains("lost"));
        assertThat(client.isOpen()).isFalse();
        assertThatThrownBy(() -> client.whoElse().get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOf(ConnectionLostException.class);
    }

    @Test
    void theCloseAfterByeIsNotALostConnection() throws Exception {
        CompletableFuture<Response.Bye> bye = client.logout();
        Request.Logout logout = server.expect(Request.Logout.class);
        server.send(new Response.Bye(logout.id(), "yoda"));
        assertThat(bye.get(5, TimeUnit.SECONDS).username()).isEqualTo("yoda");
        server.disconnect();

        await().atMost(Duration.ofSeconds(5)).until(() -> !client.isOpen());
        client.whoElse().handle((r, e) -> null).get(5, TimeUnit.SECONDS);
        assertThat(heard).doesNotContain("lost");
    }

    @Test
    void theCloseAfterTheServerEndsTheSessionIsNotALostConnection() throws Exception {
        Event.SessionEnded ended = new Event.SessionEnded(Event.SessionEnded.Reason.TIMEOUT, "Timeout.");
        server.send(ended);
        server.disconnect();

        await().atMost(Duration.ofSeconds(5)).until(() -> !client.isOpen());
        client.whoElse().handle((r, e) -> null).get(5, TimeUnit.SECONDS);
        assertThat(heard).containsExactly(ended);
    }

    @Test
    void closingTheClientIsNotALostConnection() throws Exception {
        CompletableFuture<Response.UserList> who = client.whoElse();
        server.expect(Request.WhoElse.class);
        client.close();

        assertThatThrownBy(() -> who.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(ConnectionLostException.class);
        assertThat(heard).doesNotContain("lost");
    }

    @Test
    void anUnansweredRequestTimesOut() throws Exception {
        FakeServer silent = new FakeServer();
        CompletableFuture<ParleyClient> connecting =
                ParleyClient.connect("127.0.0.1", silent.port(), null, Duration.ofMillis(200));
        silent.acceptHello("UTC");
        try (ParleyClient impatient = connecting.get(10, TimeUnit.SECONDS)) {
            CompletableFuture<Response.UserList> who = impatient.whoElse();
            silent.expect(Request.WhoElse.class);

            assertThatThrownBy(() -> who.get(10, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(RequestTimeoutException.class);
            assertThat(impatient.isOpen()).isTrue();
        } finally {
            silent.close();
        }
    }

    @Test
    void aRefusedHelloFailsTheConnect() throws Exception {
        try (FakeServer newer = new FakeServer()) {
            CompletableFuture<ParleyClient> connecting = ParleyClient.connect("127.0.0.1", newer.port());
            Request.Hello hello = newer.expect(Request.Hello.class);
            newer.send(new Response.Error(hello.id(), ErrorCode.UNSUPPORTED_VERSION, "Error. Unsupported version"));

            assertThatThrownBy(() -> connecting.get(10, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(ServerErrorException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION));
        }
    }

    @Test
    void connectingToAClosedPortFails() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        assertThatThrownBy(() -> ParleyClient.connect("127.0.0.1", port).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class);
    }

    @Test
    void clientsShareAGroupThatClosingOneLeavesRunning() throws Exception {
        NioEventLoopGroup group = new NioEventLoopGroup(1);
        try (FakeServer first = new FakeServer(); FakeServer second = new FakeServer()) {
            CompletableFuture<ParleyClient> a = ParleyClient.connect("127.0.0.1", first.port(), group);
            first.acceptHello("UTC");
            CompletableFuture<ParleyClient> b = ParleyClient.connect("127.0.0.1", second.port(), group);
            second.acceptHello("UTC");
            ParleyClient clientA = a.get(10, TimeUnit.SECONDS);
            ParleyClient clientB = b.get(10, TimeUnit.SECONDS);

            clientA.close();
            CompletableFuture<Response.UserList> who = clientB.whoElse();
            Request.WhoElse request = second.expect(Request.WhoElse.class);
            second.send(new Response.UserList(request.id(), List.of()));

            assertThat(who.get(5, TimeUnit.SECONDS).users()).isEmpty();
            assertThat(group.isShuttingDown()).isFalse();
            clientB.close();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    @Test
    void helloCarriesTheCurrentProtocolVersion() throws Exception {
        try (FakeServer other = new FakeServer()) {
            ParleyClient.connect("127.0.0.1", other.port());
            Request.Hello hello = other.expect(Request.Hello.class);
            assertThat(hello.version()).isEqualTo(ProtocolVersion.CURRENT);
            assertThat(hello.agent()).isEqualTo(ParleyClient.AGENT);
        }
    }
}
