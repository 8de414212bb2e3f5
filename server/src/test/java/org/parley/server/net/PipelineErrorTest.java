package org.parley.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.server.LogCapture;
import org.parley.server.core.TestServer;

/** A peer that resets is routine (DEBUG); a handler of ours that throws is a bug, logged at ERROR with its cause. */
class PipelineErrorTest {

    @TempDir
    Path dir;

    @Test
    void anIoErrorClosesQuietlyButABugInThePipelineIsLoggedWithItsCause() throws Exception {
        try (TestServer server = TestServer.start(dir); LogCapture log = new LogCapture()) {
            EmbeddedChannel reset = new EmbeddedChannel(new ConnectionHandler(server.server().core(), new Outboxes(), 1 << 20));
            reset.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));
            assertThat(reset.isOpen()).isFalse();
            assertThat(log.at(Level.ERROR)).isEmpty();

            EmbeddedChannel buggy = new EmbeddedChannel(new ConnectionHandler(server.server().core(), new Outboxes(), 1 << 20));
            buggy.pipeline().fireExceptionCaught(new DecoderException(new IllegalStateException("decoder bug (injected)")));
            assertThat(buggy.isOpen()).isFalse();
            assertThat(log.at(Level.ERROR)).singleElement().satisfies(e -> assertThat(LogCapture.describe(e))
                    .contains("after an error in its pipeline")
                    .contains("cause io.netty.handler.codec.DecoderException: java.lang.IllegalStateException: decoder bug (injected)"));
        }
    }
}
