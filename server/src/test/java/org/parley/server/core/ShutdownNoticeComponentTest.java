package org.parley.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.protocol.Event;

/** A server stopped on purpose tells every logged-in client so before closing its connection. */
class ShutdownNoticeComponentTest {

    @Test
    void everyLoggedInClientHearsTheShutdownBeforeItsConnectionCloses(@TempDir Path dir) throws Exception {
        TestServer server = TestServer.start(dir);
        TestConnection first = server.register("sfirst");
        TestConnection second = server.register("ssecond");

        server.server().close();

        for (TestConnection c : new TestConnection[] {first, second}) {
            Event.SessionEnded ended = c.awaitEvent(Event.SessionEnded.class);
            assertThat(ended.reason()).isEqualTo(Event.SessionEnded.Reason.SHUTDOWN);
            assertThat(ended.message()).isEqualTo("The server is shutting down");
            c.awaitClosed();
        }
        first.close();
        second.close();
    }
}
