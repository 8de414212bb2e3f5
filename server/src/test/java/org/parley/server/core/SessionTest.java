package org.parley.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A session lets go of its login deadline's timer task as soon as it is no longer needed. */
class SessionTest {

    @Test
    void theLoginCancelsTheDeadline() {
        Session session = new Session(1, new RecordingOutbound("127.0.0.1"));
        CompletableFuture<Void> deadline = new CompletableFuture<>();
        session.loginDeadline(deadline);

        session.loggedIn(0, 0, 1_000);

        assertThat(deadline).isCancelled();
        session.cancelLoginDeadline(); // again, at the end: harmless
    }

    @Test
    void aSessionThatEndsBeforeLoggingInCancelsItToo() {
        Session session = new Session(2, new RecordingOutbound("127.0.0.1"));
        CompletableFuture<Void> deadline = new CompletableFuture<>();
        session.loginDeadline(deadline);

        session.cancelLoginDeadline();

        assertThat(deadline).isCancelled();
    }
}
