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
import org.parley.protocol.Request;
import org.parley.protocol.Response;

/** SPEC 2.5 with a one-second idle timeout. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdleTimeoutComponentTest {

    private TestServer server;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        server = TestServer.start(dir, s -> s.withIdleTimeout(Duration.ofSeconds(1)));
    }

    @AfterAll
    void stop() throws IOException {
        server.close();
    }

    @Test
    void anIdleUserIsLoggedOutAndTheOthersAreTold() throws Exception {
        TestConnection idle = server.register("idler");
        TestConnection watcher = server.register("iwatch");

        Event.SessionEnded ended = idle.awaitEvent(Event.SessionEnded.class);
        assertThat(ended.reason()).isEqualTo(Event.SessionEnded.Reason.TIMEOUT);
        assertThat(ended.message()).isEqualTo("Timeout. You have been logged out due to inactivity");
        idle.awaitClosed();
        assertThat(watcher.awaitEvent(Event.UserLoggedOut.class)).isEqualTo(new Event.UserLoggedOut("idler"));
    }

    @Test
    void anAudienceLoggedOutForInactivityEndsItsUploadForThePresenter() throws Exception {
        TestConnection presenter = server.register("itpres", 7001, 0);
        TestConnection audience = server.register("itaud", 7002, 0);
        Response.UploadTicket ticket = presenter.request(new Request.AuthorizeUpload(presenter.nextId(), "itaud",
                "clip.mp4", 10, "0123456789abcdef".repeat(4)), Response.UploadTicket.class);

        // the presenter stays active, the audience does not: the audience is timed out, and the presenter told
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).until(() -> {
            presenter.sync();
            return !presenter.keptOf(Event.UploadCancelled.class).isEmpty();
        });
        assertThat(presenter.keptOf(Event.UploadCancelled.class)).containsExactly(new Event.UploadCancelled(
                ticket.transferId(), "itaud", "clip.mp4", Event.UploadCancelled.Reason.TIMED_OUT));
        assertThat(audience.awaitEvent(Event.SessionEnded.class).reason()).isEqualTo(Event.SessionEnded.Reason.TIMEOUT);
    }

    @Test
    void validCommandsKeepTheSessionAliveAndInvalidOnesDoNot() throws Exception {
        TestConnection busy = server.register("busy");
        // valid commands for twice the timeout: still logged in throughout
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> busy.request(new Request.WhoElse(busy.nextId())) instanceof Response.UserList);

        // invalid commands (refused by validation) do not reset the timer
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsInstanceOf(IOException.class).until(() -> {
            if (busy.isClosedByServer()) {
                return true;
            }
            busy.send(new Request.SendBroadcast(busy.nextId(), ""));
            return false;
        });
        busy.awaitClosed();
        Event.SessionEnded ended = busy.awaitEvent(Event.SessionEnded.class);
        assertThat(ended.reason()).isEqualTo(Event.SessionEnded.Reason.TIMEOUT);
        assertThat(busy.keptOf(Response.Error.class)).extracting(Response.Error::code)
                .containsOnly(ErrorCode.INVALID_ARGUMENT);
    }
}
