package org.parley.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Frame;
import org.parley.protocol.FrameCodec;
import org.parley.protocol.ProtocolVersion;
import org.parley.protocol.Request;
import org.parley.protocol.Response;
import org.parley.server.LogCapture;

/**
 * Every failure is logged once at ERROR with its cause, and whoever asked gets an answer: a store that
 * fails, a continuation on the core thread that throws, a request type without a route. A client that
 * stops reading is cut off with a WARN saying who, from where and why.
 */
class FaultsComponentTest {

    @TempDir
    Path dir;

    private final AtomicReference<FaultyStore> faults = new AtomicReference<>();
    private TestServer server;
    private LogCapture log;

    @BeforeEach
    void start() throws Exception {
        log = new LogCapture();
        server = TestServer.start(dir, s -> s.withLimits(200, 1_000_000, 1_000_000),
                real -> FaultyStore.around(real, faults::set));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        log.close();
    }

    @Test
    void aFailingStoreIsLoggedOnceWithItsCauseAndAnsweredInternal() throws Exception {
        TestConnection alice = server.login("alice");
        faults.get().fail("saveBroadcast", new IllegalStateException("disk full (injected)"));

        Response.Error e = alice.requestError(new Request.SendBroadcast(alice.nextId(), "anyone there?"));

        assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
        List<ILoggingEvent> errors = awaitErrors(1);
        assertThat(errors).hasSize(1);
        assertThat(LogCapture.describe(errors.get(0)))
                .contains("storing a broadcast failed for alice")
                .contains("cause java.lang.IllegalStateException: disk full (injected)");
    }

    @Test
    void aContinuationThatThrowsIsLoggedAndAnswered() throws Exception {
        TestConnection alice = server.login("alice");
        faults.get().answer("usersOnlineSince", null); // the continuation iterates it: NullPointerException

        Response.Error e = alice.requestError(new Request.WhoElseSince(alice.nextId(), 60));

        assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
        List<ILoggingEvent> errors = awaitErrors(1);
        assertThat(errors).hasSize(1);
        assertThat(LogCapture.describe(errors.get(0)))
                .contains("handling WhoElseSince failed for alice")
                .contains("cause java.lang.NullPointerException");
        // the core thread is still alive and well
        alice.request(new Request.WhoElse(alice.nextId()), Response.UserList.class);
    }

    @Test
    void aRequestTypeWithoutARouteIsAnsweredAndLogged() throws Exception {
        TestConnection alice = server.login("alice");
        server.server().core().forgetRoute(Request.Block.class);

        Response.Error e = alice.requestError(new Request.Block(alice.nextId(), "bob"));

        assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
        List<ILoggingEvent> errors = awaitErrors(1);
        assertThat(errors).hasSize(1);
        assertThat(LogCapture.describe(errors.get(0)))
                .contains("routing a Block request failed for alice")
                .contains("no route for org.parley.protocol.Request$Block");
        alice.sync();
    }

    @Test
    void aClientThatStopsReadingIsCutOffWithAWarningSayingWhoAndWhy() throws Exception {
        FrameCodec<Frame> codec = FrameCodec.frames();
        try (Socket slow = TestConnection.open(server.server().address(), "127.0.9.9",
                server.server().fingerprint().orElse(null), s -> {
                    try {
                        s.setReceiveBufferSize(1024); // before connecting, so the window stays small
                    } catch (java.net.SocketException e) {
                        throw new IllegalStateException(e);
                    }
                })) {
            OutputStream out = slow.getOutputStream();
            for (Request r : List.of(new Request.Hello(1, ProtocolVersion.CURRENT, "test"),
                    new Request.LoginUser(2, "slowpoke"), new Request.LoginPassword(3, "slowpokepw", 0, 0))) {
                out.write(codec.encode(r));
                out.write('\n');
            }
            out.flush();
            TestConnection alice = server.login("alice");
            await().atMost(TestConnection.WAIT).until(() -> server.server().core().onlineCount() == 2);

            String text = "x".repeat(4000);
            for (int batch = 0; batch < 100 && cutOffWarnings().isEmpty(); batch++) {
                for (int i = 0; i < 100; i++) {
                    alice.send(new Request.SendBroadcast(alice.nextId(), text));
                }
                alice.sync();
            }

            await().atMost(TestConnection.WAIT).until(() -> server.server().core().onlineCount() == 1);
            List<ILoggingEvent> warnings = cutOffWarnings();
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0).getFormattedMessage())
                    .startsWith("disconnecting slowpoke (/127.0.9.9:")
                    .contains("it stopped reading")
                    .contains("more than the limit of " + 8 * 1024 * 1024);
        }
    }

    private List<ILoggingEvent> cutOffWarnings() {
        return log.at(Level.WARN).stream().filter(e -> e.getFormattedMessage().contains("stopped reading")).toList();
    }

    /**
     * The ERROR events so far, once there are {@code n}. The failure is logged before the error frame
     * is sent, so by the time the test has the frame the event is there; and so would be a duplicate
     * logged on the way, by the store's future or the core thread's executor.
     */
    private List<ILoggingEvent> awaitErrors(int n) {
        await().atMost(TestConnection.WAIT).until(() -> log.at(Level.ERROR).size() >= n);
        return log.at(Level.ERROR);
    }
}
