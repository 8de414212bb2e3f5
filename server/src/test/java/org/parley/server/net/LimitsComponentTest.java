package org.parley.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Request;
import org.parley.protocol.Response;
import org.parley.server.core.TestConnection;
import org.parley.server.core.TestServer;

/** SPEC 8: a command rate per session (5/s, burst 5) and two connections per address. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LimitsComponentTest {

    private TestServer server;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        server = TestServer.start(dir, s -> s.withLimits(2, 5, 5));
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
    void aBurstBeyondTheCommandBurstIsRateLimited() throws Exception {
        TestConnection fast = server.register("fast");
        TestConnection calm = server.register("calm");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            long id = fast.nextId();
            ids.add(id);
            fast.send(new Request.WhoElse(id));
        }
        List<Response> responses = new ArrayList<>();
        for (long id : ids) {
            responses.add(fast.awaitResponse(id));
        }
        assertThat(responses.subList(0, 5)).allSatisfy(r -> assertThat(r).isInstanceOf(Response.UserList.class));
        assertThat(responses).filteredOn(r -> r instanceof Response.Error).isNotEmpty()
                .allSatisfy(r -> {
                    assertThat(((Response.Error) r).code()).isEqualTo(ErrorCode.RATE_LIMITED);
                    assertThat(((Response.Error) r).message()).isEqualTo("Error. Too many commands; please slow down");
                });
        // the limit is per session: someone else is unaffected
        calm.request(new Request.WhoElse(calm.nextId()), Response.UserList.class);
        // and the fast one recovers once tokens refill
        await().atMost(TestConnection.WAIT).pollInterval(java.time.Duration.ofMillis(300))
                .until(() -> fast.request(new Request.WhoElse(fast.nextId())) instanceof Response.UserList);
    }

    @Test
    void aThirdConnectionFromOneAddressIsClosed() throws Exception {
        TestConnection one = server.connectFrom("127.0.9.1");
        TestConnection two = server.connectFrom("127.0.9.1");
        one.hello();
        two.hello();
        // Closed by the limiter before a byte is read, so before TLS: the handshake is cut off.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> server.connectFrom("127.0.9.1"))
                .isInstanceOf(java.io.IOException.class);

        TestConnection elsewhere = server.connectFrom("127.0.9.2");
        elsewhere.hello();

        one.close();
        await().atMost(TestConnection.WAIT).pollInterval(java.time.Duration.ofMillis(100)).until(() -> {
            try {
                TestConnection again = server.connectFrom("127.0.9.1");
                again.hello();
                return true;
            } catch (AssertionError | java.io.IOException closed) {
                return false;
            }
        });
    }
}
