package org.parley.client.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.client.testing.TestServer;
import org.parley.client.testing.TestServers;
import org.parley.protocol.ActiveUser;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Event;
import org.parley.protocol.HistoryKind;
import org.parley.protocol.HistoryItem;
import org.parley.protocol.Response;
import org.parley.protocol.Response.LoginPrompt.Prompt;

/** The headless client against the real server on an ephemeral port. */
class ParleyClientServerTest {

    @RegisterExtension
    static final TestServers SERVERS = new TestServers();

    private TestServer server;
    private final List<ParleyClient> clients = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = SERVERS.start(s -> s.withLockout(3, Duration.ofMinutes(5)));
    }

    @AfterEach
    void stop() {
        clients.forEach(ParleyClient::close);
    }

    private ParleyClient connect() throws Exception {
        ParleyClient client = server.connect();
        clients.add(client);
        return client;
    }

    private ParleyClient login(String user, String password) throws Exception {
        ParleyClient client = server.login(user, password);
        clients.add(client);
        return client;
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    private static ServerErrorException refusal(CompletableFuture<?> future) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(() -> get(future)).satisfies(e -> caught[0] = e.getCause());
        assertThat(caught[0]).isInstanceOf(ServerErrorException.class);
        return (ServerErrorException) caught[0];
    }

    @Test
    void theServersZoneArrivesWithTheHello() throws Exception {
        assertThat(connect().serverZone()).isEqualTo(TestServer.ZONE);
    }

    @Test
    void aKnownUserLogsInWithTheRightPassword() throws Exception {
        ParleyClient yoda = connect();
        assertThat(get(yoda.loginUser("yoda"))).isEqualTo(Prompt.PASSWORD);
        assertThat(get(yoda.loginPassword("jedi", 0, 0))).isEqualTo("yoda");
        assertThat(yoda.username()).contains("yoda");
    }

    @Test
    void aWrongPasswordCanBeRetried() throws Exception {
        ParleyClient yoda = connect();
        get(yoda.loginUser("yoda"));
        ServerErrorException wrong = refusal(yoda.loginPassword("sith", 0, 0));
        assertThat(wrong.code()).isEqualTo(ErrorCode.INVALID_PASSWORD);
        assertThat(wrong.getMessage()).isEqualTo("Invalid Password. Please try again");

        assertThat(get(yoda.loginPassword("jedi", 0, 0))).isEqualTo("yoda");
    }

    @Test
    void theThirdWrongPasswordBlocksTheAccountEvenForTheRightPassword() throws Exception {
        ParleyClient first = connect();
        List<Throwable> lost = new CopyOnWriteArrayList<>();
        first.addListener(new ClientListener() {
            @Override
            public void onConnectionLost(Throwable cause) {
                lost.add(cause);
            }
        });
        get(first.loginUser("luke"));
        refusal(first.loginPassword("x1", 0, 0));
        refusal(first.loginPassword("x2", 0, 0));
        ServerErrorException blockedNow = refusal(first.loginPassword("x3", 0, 0));
        assertThat(blockedNow.code()).isEqualTo(ErrorCode.ACCOUNT_BLOCKED_NOW);
        assertThat(blockedNow.getMessage())
                .isEqualTo("Invalid Password. Your account has been blocked. Please try again later");
        await().atMost(TestServer.patience()).until(() -> !first.isOpen());
        assertThat(lost).as("the server's close after a block is expected").isEmpty();

        ParleyClient second = connect();
        get(second.loginUser("luke"));
        ServerErrorException blocked = refusal(second.loginPassword("force", 0, 0));
        assertThat(blocked.code()).isEqualTo(ErrorCode.ACCOUNT_BLOCKED);
        assertThat(blocked.getMessage())
                .isEqualTo("Your account is blocked due to multiple login failures. Please try again later");
    }

    @Test
    void anUnknownUserRegistersAndIsRemembered() throws Exception {
        ParleyClient han = connect();
        assertThat(get(han.loginUser("han"))).isEqualTo(Prompt.NEW_PASSWORD);
        assertThat(get(han.loginPassword("solo", 0, 0))).isEqualTo("han");
        assertThat(Files.readString(server.dir().resolve("credentials.txt"))).contains("han ").doesNotContain("solo");
        get(han.logout());

        ParleyClient again = connect();
        assertThat(get(again.loginUser("han"))).isEqualTo(Prompt.PASSWORD);
        assertThat(get(again.loginPassword("solo", 0, 0))).isEqualTo("han");
    }

    @Test
    void aUserLoggedInElsewhereIsRefusedOnlyAfterTheRightPassword() throws Exception {
        login("yoda", "jedi");
        ParleyClient other = connect();
        assertThat(get(other.loginUser("yoda"))).isEqualTo(Prompt.PASSWORD);
        ServerErrorException already = refusal(other.loginPassword("jedi", 0, 0));
        assertThat(already.code()).isEqualTo(ErrorCode.ALREADY_LOGGED_IN);
        assertThat(already.getMessage()).isEqualTo("yoda is already logged in");
        assertThat(get(other.loginUser("luke"))).isEqualTo(Prompt.PASSWORD);
    }

    @Test
    void presenceQueriesAndEvents() throws Exception {
        ParleyClient yoda = login("yoda", "jedi");
        List<Event> heard = new CopyOnWriteArrayList<>();
        yoda.addListener(new ClientListener() {
            @Override
            public void onEvent(Event event) {
                heard.add(event);
            }
        });
        assertThat(get(yoda.whoElse()).users()).isEmpty();
        ParleyClient luke = login("luke", "force");
        await().atMost(TestServer.patience()).until(() -> heard.contains(new Event.UserLoggedIn("luke")));

        assertThat(get(yoda.whoElse()).users()).containsExactly("luke");
        assertThat(get(yoda.activeUsers()).users()).extracting(ActiveUser::username, ActiveUser::ip)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("luke", "127.0.0.1"));
        assertThat(get(luke.whoElseSince(60)).users()).containsExactly("yoda");

        Response.Bye bye = get(luke.logout());
        assertThat(bye.username()).isEqualTo("luke");
        await().atMost(TestServer.patience()).until(() -> heard.contains(new Event.UserLoggedOut("luke")));
        assertThat(get(yoda.whoElse()).users()).isEmpty();
        assertThat(get(yoda.whoElseSince(60)).users()).containsExactly("luke");
    }

    @Test
    void messagesBroadcastsRoomsAndHistory() throws Exception {
        ParleyClient yoda = login("yoda", "jedi");
        ParleyClient luke = login("luke", "force");
        List<Event> lukeHeard = new CopyOnWriteArrayList<>();
        luke.addListener(new ClientListener() {
            @Override
            public void onEvent(Event event) {
                lukeHeard.add(event);
            }
        });
        Instant before = Instant.now().minusSeconds(1);

        assertThat(get(yoda.message("luke", "use the force")).stored()).isFalse();
        assertThat(get(yoda.message("leia", "help me")).stored()).isTrue();
        Response.BroadcastSent broadcast = get(yoda.broadcast("do or do not"));
        assertThat(broadcast.number()).isEqualTo(1);
        Response.RoomBuilt room = get(yoda.buildRoom(List.of("luke")));
        assertThat(room.members()).containsExactly("yoda", "luke");
        assertThat(get(yoda.buildRoom(List.of("luke"))).existed()).isTrue();
        assertThat(get(yoda.roomMessage(room.roomId(), "in the room")).number()).isEqualTo(1);

        await().atMost(TestServer.patience()).until(() -> lukeHeard.size() == 4);
        assertThat(lukeHeard.get(0)).isInstanceOfSatisfying(Event.MessageReceived.class,
                m -> assertThat(m.text()).isEqualTo("use the force"));
        assertThat(lukeHeard.get(1)).isInstanceOf(Event.BroadcastReceived.class);
        assertThat(lukeHeard.get(2)).isInstanceOf(Event.RoomJoined.class);
        assertThat(lukeHeard.get(3)).isInstanceOf(Event.RoomMessageReceived.class);

        assertThat(get(luke.readHistory(HistoryKind.BROADCAST, before)).items()).extracting(HistoryItem::text)
                .containsExactly("do or do not");
        assertThat(get(luke.readHistory(HistoryKind.ROOMS, before)).items()).extracting(HistoryItem::text)
                .containsExactly("in the room");

        assertThat(refusal(yoda.block("yoda")).getMessage()).isEqualTo("Error. Cannot block self");
        get(yoda.block("luke"));
        assertThat(refusal(luke.message("yoda", "hello?")).getMessage())
                .isEqualTo("Your message could not be delivered as the recipient has blocked you");
        get(yoda.unblock("luke"));
        assertThat(refusal(yoda.unblock("luke")).getMessage()).isEqualTo("Error. luke was not blocked");
    }

    @Test
    void aStoredMessageTheClientShowedIsAcknowledgedAndNotSentAgain() throws Exception {
        ParleyClient yoda = login("yoda", "jedi");
        assertThat(get(yoda.message("leia", "help me, obi-wan")).stored()).isTrue();

        List<Event> heard = new CopyOnWriteArrayList<>();
        ParleyClient leia = listening(heard);
        await().atMost(TestServer.patience()).until(() -> heard.size() == 1);
        assertThat(heard.get(0)).isInstanceOfSatisfying(Event.MessageReceived.class,
                m -> assertThat(m.text()).isEqualTo("help me, obi-wan"));
        get(leia.logout());
        await().atMost(TestServer.patience()).until(() -> server.onlineCount() == 1);

        List<Event> later = new CopyOnWriteArrayList<>();
        ParleyClient again = listening(later);
        get(again.whoElse()); // anything still stored would have been pushed before this answer
        assertThat(later).as("acknowledged, so delivered for good").isEmpty();
    }

    /** Logs leia in with a listener attached before the login, so that stored messages are heard. */
    private ParleyClient listening(List<Event> heard) throws Exception {
        ParleyClient client = connect();
        client.addListener(new ClientListener() {
            @Override
            public void onEvent(Event event) {
                heard.add(event);
            }
        });
        get(client.loginUser("leia"));
        get(client.loginPassword("rebel", 0, 0));
        return client;
    }

    @Test
    void aStoppedServerSaysItIsShuttingDownThenCloses() throws Exception {
        ParleyClient yoda = login("yoda", "jedi");
        List<Event> events = new CopyOnWriteArrayList<>();
        List<Throwable> lost = new CopyOnWriteArrayList<>();
        yoda.addListener(new ClientListener() {
            @Override
            public void onEvent(Event event) {
                events.add(event);
            }

            @Override
            public void onConnectionLost(Throwable cause) {
                lost.add(cause);
            }
        });
        server.close();
        await().atMost(TestServer.patience()).until(() -> !yoda.isOpen());
        assertThat(events).containsExactly(new Event.SessionEnded(Event.SessionEnded.Reason.SHUTDOWN,
                "The server is shutting down"));
        // announced: the close that follows is the end the server said, not a loss
        assertThat(lost).isEmpty();
        assertThatThrownBy(() -> get(yoda.whoElse())).cause().isInstanceOf(ConnectionLostException.class);
    }
}
