package org.parley.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Event;
import org.parley.protocol.ProtocolVersion;
import org.parley.protocol.Request;
import org.parley.protocol.Response;

/** A client that promised a heartbeat and fell silent is taken for gone; pings are not the user's activity. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeartbeatComponentTest {

    private TestServer server;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        server = TestServer.start(dir, s -> s.withIdleTimeout(Duration.ofSeconds(5)));
    }

    @AfterAll
    void stop() throws IOException {
        server.close();
    }

    @Test
    void aConnectionSilentForThreeOfItsHeartbeatsIsClosed() throws Exception {
        TestConnection gone = server.connect();
        gone.request(new Request.Hello(gone.nextId(), ProtocolVersion.CURRENT, "test", 1), Response.HelloOk.class);

        // nothing sent from here on: closed after 3 s, long before the 2-minute login deadline
        gone.awaitClosed();
        assertThat(gone.isClosedByServer()).isTrue();
    }

    @Test
    void withoutAPromisedHeartbeatSilenceIsNotDeath() throws Exception {
        TestConnection quiet = server.connect();
        quiet.hello();
        TestConnection promised = server.connect();
        promised.request(new Request.Hello(promised.nextId(), ProtocolVersion.CURRENT, "test", 1), Response.HelloOk.class);

        promised.awaitClosed();
        assertThat(quiet.request(new Request.Ping(quiet.nextId()))).isInstanceOf(Response.Ok.class);
    }

    @Test
    void pingsKeepTheConnectionButNotTheSession() throws Exception {
        TestConnection c = server.connect();
        c.request(new Request.Hello(c.nextId(), ProtocolVersion.CURRENT, "test", 1), Response.HelloOk.class);
        c.request(new Request.LoginUser(c.nextId(), "pinger"));
        c.request(new Request.LoginPassword(c.nextId(), "pingerpw", 0, 0), Response.LoggedIn.class);

        // pings for longer than three heartbeats (3 s) keep the connection open; but the user did nothing,
        // so the idle timeout (5 s) logs them out, with its event (a dead-connection close sends none)
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsInstanceOf(IOException.class).until(() -> {
                    if (c.isClosedByServer()) {
                        return true;
                    }
                    c.send(new Request.Ping(c.nextId()));
                    return false;
                });
        c.awaitClosed();
        assertThat(c.keptOf(Event.SessionEnded.class)).singleElement()
                .extracting(Event.SessionEnded::reason).isEqualTo(Event.SessionEnded.Reason.TIMEOUT);
        assertThat(c.keptOf(Response.Ok.class)).as("pings answered").hasSizeGreaterThanOrEqualTo(10);
    }

    @Test
    void aPingIsAnsweredDuringLoginButNotBeforeHello() throws Exception {
        TestConnection c = server.connect();
        assertThat(c.requestError(new Request.Ping(c.nextId())).code()).isEqualTo(ErrorCode.NOT_LOGGED_IN);
        c.hello();
        assertThat(c.request(new Request.Ping(c.nextId()))).isInstanceOf(Response.Ok.class);
    }

    @Test
    void aHeartbeatOutOfBoundsIsRefused() throws Exception {
        TestConnection c = server.connect();
        assertThat(c.requestError(new Request.Hello(c.nextId(), ProtocolVersion.CURRENT, "test", 0)).code())
                .isEqualTo(ErrorCode.BAD_FRAME);
        assertThat(c.requestError(new Request.Hello(c.nextId(), ProtocolVersion.CURRENT, "test", 601)).code())
                .isEqualTo(ErrorCode.BAD_FRAME);
    }
}
