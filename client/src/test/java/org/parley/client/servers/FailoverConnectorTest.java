package org.parley.client.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.client.api.ClientListener;
import org.parley.client.api.ParleyClient;
import org.parley.client.api.ServerErrorException;
import org.parley.client.connection.ServerSecurity;
import org.parley.client.connection.TlsConnectException;
import org.parley.client.session.ChatSession;
import org.parley.client.session.ReconnectPolicy;
import org.parley.client.session.SessionState;
import org.parley.client.testing.TestServer;
import org.parley.client.testing.TestServers;
import org.parley.protocol.Event;
import org.parley.tls.Fingerprint;

/**
 * A session over two real servers on ephemeral ports that share nothing (each its own database, with
 * the same accounts): it starts on whichever answers, and when it loses its server it logs in on the
 * other one by itself. A certificate the client does not trust is never hopped over.
 */
class FailoverConnectorTest {

    private static final Duration WAIT = TestServer.patience();
    private static final ReconnectPolicy FAST = ReconnectPolicy.defaults()
            .withDelays(Duration.ofMillis(20), Duration.ofMillis(200)).withGiveUpAfter(Duration.ofSeconds(60));

    @RegisterExtension
    static final TestServers SERVERS = new TestServers();

    private final List<SessionState> states = new CopyOnWriteArrayList<>();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> dialled = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static ServerSecurity trusting(Fingerprint... pins) throws IOException {
        return ServerSecurity.tls(List.of(pins), null, null, line -> { });
    }

    /** Starts at the first port given; each endpoint dialled is recorded. */
    private FailoverConnector connector(ServerSecurity security, int... ports) {
        List<ServerAddress> servers = new ArrayList<>();
        for (int port : ports) {
            servers.add(new ServerAddress("127.0.0.1", port));
        }
        return new FailoverConnector(new ServerRotation(servers, AddressResolver.system(), n -> 0),
                (endpoint, received) -> {
                    dialled.add(endpoint.toString());
                    return ParleyClient.connect(endpoint.server().host(), endpoint.socketAddress(), endpoint.toString(),
                            null, Duration.ofSeconds(10), received, security);
                }, Duration.ofSeconds(10));
    }

    private ChatSession loggedIn(FailoverConnector connector, String user, String password) throws Exception {
        ChatSession session = ChatSession.open(connector, FAST).get(20, TimeUnit.SECONDS);
        toClose.add(session);
        session.addSessionListener(states::add);
        session.addListener(new ClientListener() {
            @Override
            public void onEvent(Event event) {
                events.add(event);
            }
        });
        session.loginUser(user).get(10, TimeUnit.SECONDS);
        session.loginPassword(password, 0, 0).get(10, TimeUnit.SECONDS);
        return session;
    }

    private <S extends SessionState> S awaitState(Class<S> type) {
        await().atMost(WAIT).until(() -> states.stream().anyMatch(type::isInstance));
        return states.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    @Test
    void theFirstConnectionPassesOverAServerThatIsDown() throws Exception {
        int down = freePort();
        TestServer up = SERVERS.start();
        FailoverConnector connector = connector(trusting(up.fingerprint()), down, up.port());
        ChatSession yoda = loggedIn(connector, "yoda", "jedi");

        assertThat(dialled).containsExactly("127.0.0.1:" + down, "127.0.0.1:" + up.port());
        assertThat(connector.current()).hasToString("127.0.0.1:" + up.port());
        assertThat(yoda.isConnected()).isTrue();
        assertThat(up.onlineCount()).isEqualTo(1);
    }

    @Test
    void noServerAtAllIsOneLineNamingThemAll() throws Exception {
        int a = freePort();
        int b = freePort();
        assertThatThrownBy(() -> ChatSession.open(connector(trusting(), a, b), FAST).get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(UnreachableServersException.class)
                .hasMessage("Error. Cannot connect to any of the servers: 127.0.0.1:" + a + ", 127.0.0.1:" + b);
    }

    @Test
    void aLoneServerThatAnswersWithARefusalIsShownItsReason() throws Exception {
        TestServer tls = SERVERS.start();
        assertThatThrownBy(() -> ChatSession.open(connector(ServerSecurity.plain(), tls.port()), FAST)
                .get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(ServerErrorException.class)
                .hasMessageStartingWith("Error. This server requires TLS");
    }

    @Test
    void aLostServerIsLeftForTheOtherOneWhereTheSessionLogsInAgainWithItsCredentials() throws Exception {
        TestServer first = SERVERS.start();
        TestServer second = SERVERS.start();
        ChatSession yoda = loggedIn(connector(trusting(first.fingerprint(), second.fingerprint()),
                first.port(), second.port()), "yoda", "jedi");
        assertThat(first.onlineCount()).isEqualTo(1);

        first.stop();
        SessionState.Reconnected back = awaitState(SessionState.Reconnected.class);
        assertThat(back.username()).isEqualTo("yoda");
        assertThat(back.server()).isEqualTo("127.0.0.1:" + second.port());
        assertThat(dialled).containsExactly("127.0.0.1:" + first.port(), "127.0.0.1:" + second.port());
        assertThat(second.onlineCount()).isEqualTo(1);

        try (ParleyClient luke = second.login("luke", "force")) {
            assertThat(yoda.call(ParleyClient::whoElse).get(10, TimeUnit.SECONDS).users()).containsExactly("luke");
            luke.message("yoda", "welcome to the second node").get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> events.stream().anyMatch(e -> e instanceof Event.MessageReceived m
                    && m.text().equals("welcome to the second node")));
        }
    }

    @Test
    void aCertificateThatIsNotTrustedAtStartIsNotHoppedOver() throws Exception {
        TestServer untrusted = SERVERS.start();
        TestServer trusted = SERVERS.start();
        FailoverConnector connector = connector(trusting(trusted.fingerprint()), untrusted.port(), trusted.port());

        assertThatThrownBy(() -> ChatSession.open(connector, FAST).get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(TlsConnectException.class)
                .hasMessageContaining("not the pinned " + trusted.fingerprint());
        assertThat(dialled).containsExactly("127.0.0.1:" + untrusted.port());
    }

    @Test
    void aReconnectThatMeetsAnUntrustedCertificateEndsTheSessionWithItsLine() throws Exception {
        TestServer trusted = SERVERS.start();
        TestServer untrusted = SERVERS.start();
        ChatSession yoda = loggedIn(connector(trusting(trusted.fingerprint()), trusted.port(), untrusted.port()),
                "yoda", "jedi");

        trusted.stop();
        SessionState.Ended ended = awaitState(SessionState.Ended.class);
        assertThat(ended.reason()).isEqualTo(SessionState.Ended.Reason.REFUSED);
        assertThat(ended.message()).startsWith("Error. The server at 127.0.0.1:" + untrusted.port()
                + " presented certificate " + untrusted.fingerprint() + ", not the pinned " + trusted.fingerprint());
        assertThat(yoda.isOver()).isTrue();
        assertThat(dialled).containsExactly("127.0.0.1:" + trusted.port(), "127.0.0.1:" + untrusted.port());
        assertThat(states).noneMatch(s -> s instanceof SessionState.Reconnected);
    }
}
