package org.parley.client.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.client.api.ClientListener;
import org.parley.client.api.ParleyClient;
import org.parley.client.testing.TestServer;
import org.parley.client.testing.TestServers;
import org.parley.protocol.Event;

/** The reconnecting session against the real server, stopped and started again on the same port. */
class ChatSessionTest {

    private static final Duration WAIT = TestServer.patience();
    private static final ReconnectPolicy FAST = ReconnectPolicy.defaults()
            .withDelays(Duration.ofMillis(20), Duration.ofMillis(200)).withGiveUpAfter(Duration.ofSeconds(60));

    @RegisterExtension
    static final TestServers SERVERS = new TestServers();

    private final List<SessionState> states = new CopyOnWriteArrayList<>();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> logins = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private ChatSession session(ServerConnector connector, ReconnectPolicy policy) throws Exception {
        ChatSession session = ChatSession.open(connector, policy).get(10, TimeUnit.SECONDS);
        toClose.add(session);
        session.addSessionListener(states::add);
        session.addListener(new ClientListener() {
            @Override
            public void onLoggedIn(String username) {
                logins.add(username);
            }

            @Override
            public void onEvent(Event event) {
                events.add(event);
            }
        });
        return session;
    }

    private ChatSession loggedIn(ServerConnector connector, ReconnectPolicy policy, String user, String password)
            throws Exception {
        ChatSession session = session(connector, policy);
        session.loginUser(user).get(10, TimeUnit.SECONDS);
        session.loginPassword(password, 0, 0).get(10, TimeUnit.SECONDS);
        return session;
    }

    private List<String> messagesReceived() {
        return events.stream().filter(e -> e instanceof Event.MessageReceived)
                .map(e -> ((Event.MessageReceived) e).text()).toList();
    }

    private <S extends SessionState> S awaitState(Class<S> type) {
        await().atMost(WAIT).until(() -> states.stream().anyMatch(type::isInstance));
        return states.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    @Test
    void aCleanStopIsAShutdownAndTheSessionComesBackWithWhatItMissedOnce() throws Exception {
        TestServer server = SERVERS.start();
        GatedConnector gate = new GatedConnector(server);
        ChatSession yoda = loggedIn(gate, FAST, "yoda", "jedi");
        assertThat(logins).containsExactly("yoda");

        gate.close();
        server.stop();
        SessionState.Reconnecting first = awaitState(SessionState.Reconnecting.class);
        assertThat(first.attempt()).isEqualTo(1);
        assertThat(first.reason()).isEqualTo("The server is shutting down");
        assertThat(yoda.isConnected()).isFalse();
        assertThatThrownBy(() -> yoda.call(ParleyClient::whoElse).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(NotConnectedException.class)
                .hasMessageContaining(ChatSession.NOT_CONNECTED);

        server.startAgain();
        try (ParleyClient luke = server.login("luke", "force")) {
            assertThat(luke.message("yoda", "while you were away").get(10, TimeUnit.SECONDS).stored()).isTrue();
        }
        gate.open();
        assertThat(awaitState(SessionState.Reconnected.class).username()).isEqualTo("yoda");
        await().atMost(WAIT).until(() -> messagesReceived().contains("while you were away"));
        assertThat(yoda.call(ParleyClient::whoElse).get(10, TimeUnit.SECONDS).users()).isEmpty();
        assertThat(messagesReceived()).containsExactly("while you were away");
        // the first login was the front end's; the reconnect is a state, not a second welcome
        assertThat(logins).containsExactly("yoda");
        assertThat(yoda.username()).contains("yoda");
    }

    @Test
    void aLoginRefusedAsAlreadyLoggedInIsTriedAgainUntilTheOldSessionIsGone() throws Exception {
        TestServer server = SERVERS.start();
        GatedConnector gate = new GatedConnector(server);
        loggedIn(gate, FAST, "yoda", "jedi");
        gate.close();
        server.stop();
        awaitState(SessionState.Reconnecting.class);
        server.startAgain();
        // stands for the old session the server has not yet noticed is dead
        ParleyClient stale = server.login("yoda", "jedi");
        gate.open();
        await().atMost(WAIT).until(() -> states.stream().anyMatch(s -> s instanceof SessionState.Reconnecting r
                && r.reason().equals("yoda is already logged in")));
        assertThat(states).noneMatch(s -> s instanceof SessionState.Ended);

        stale.close();
        assertThat(awaitState(SessionState.Reconnected.class).username()).isEqualTo("yoda");
    }

    @Test
    void aPasswordThatNoLongerWorksEndsTheSessionWithTheServersReason() throws Exception {
        TestServer server = SERVERS.start();
        int port = server.port();
        GatedConnector gate = new GatedConnector(server);
        loggedIn(gate, FAST, "yoda", "jedi");
        gate.close();
        server.stop();
        awaitState(SessionState.Reconnecting.class);
        // another server on the same port, where yoda's password has changed
        // (with the first one's key, as a restarted server has: the key is not what this test is about)
        java.nio.file.Path tls = server.dir().resolve("data").resolve("tls");
        SERVERS.start("yoda sith\n", s -> s.withBind(new InetSocketAddress("127.0.0.1", port))
                .withTls(org.parley.server.ServerTls.operator(tls.resolve("server.crt"), tls.resolve("server.key"))));
        gate.open();

        SessionState.Ended ended = awaitState(SessionState.Ended.class);
        assertThat(ended.reason()).isEqualTo(SessionState.Ended.Reason.REFUSED);
        assertThat(ended.message()).isEqualTo("Error. Could not log in again as yoda: Invalid Password. Please try again");
    }

    @Test
    void aServerThatCameBackWithAnotherKeyEndsTheSessionInsteadOfBeingRetried() throws Exception {
        TestServer server = SERVERS.start();
        int port = server.port();
        GatedConnector gate = new GatedConnector(server);
        loggedIn(gate, FAST, "yoda", "jedi");
        gate.close();
        server.stop();
        awaitState(SessionState.Reconnecting.class);
        // something else now answers on that port, with a certificate the session was not pinned to
        SERVERS.start(s -> s.withBind(new InetSocketAddress("127.0.0.1", port)));
        gate.open();

        SessionState.Ended ended = awaitState(SessionState.Ended.class);
        assertThat(ended.reason()).isEqualTo(SessionState.Ended.Reason.REFUSED);
        assertThat(ended.message()).contains(server.fingerprint().toString());
    }

    @Test
    void itGivesUpOnceTheTimeForReconnectingIsSpent() throws Exception {
        TestServer server = SERVERS.start();
        GatedConnector gate = new GatedConnector(server);
        loggedIn(gate, FAST.withGiveUpAfter(Duration.ofMillis(500)), "yoda", "jedi");
        gate.close();
        server.stop();

        SessionState.Ended ended = awaitState(SessionState.Ended.class);
        assertThat(ended.reason()).isEqualTo(SessionState.Ended.Reason.GAVE_UP);
        assertThat(ended.message()).startsWith("Error. Could not reconnect to the server within 0 s (");
        assertThat(gate.attempts.get()).isGreaterThan(1);
    }

    @Test
    void withoutReconnectingTheShutdownEndsTheSession() throws Exception {
        TestServer server = SERVERS.start();
        loggedIn(new GatedConnector(server), ReconnectPolicy.never(), "yoda", "jedi");
        server.stop();

        SessionState.Ended ended = awaitState(SessionState.Ended.class);
        assertThat(ended).isEqualTo(new SessionState.Ended(SessionState.Ended.Reason.LOST, "The server is shutting down"));
        assertThat(states).hasSize(1);
    }

    @Test
    void aConnectionLostBeforeTheLoginEndsTheSession() throws Exception {
        TestServer server = SERVERS.start();
        ChatSession session = session(new GatedConnector(server), FAST);
        server.stop();

        SessionState.Ended ended = awaitState(SessionState.Ended.class);
        assertThat(ended).isEqualTo(new SessionState.Ended(SessionState.Ended.Reason.LOST,
                "Error. Connection to the server lost"));
        assertThat(session.isOver()).isTrue();
    }

    @Test
    void afterALogoutNothingReconnects() throws Exception {
        TestServer server = SERVERS.start();
        ChatSession yoda = loggedIn(new GatedConnector(server), FAST, "yoda", "jedi");
        assertThat(yoda.willReconnect()).isTrue();
        yoda.logout().get(10, TimeUnit.SECONDS);

        assertThat(yoda.willReconnect()).isFalse();
        assertThat(yoda.isOver()).isTrue();
        assertThat(states).isEmpty();
    }
}
