package org.parley.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.protocol.FrameCodec;
import org.parley.server.core.EncodedFrame;

class LoopOutboxTest {

    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private EmbeddedChannel first;
    private LoopOutbox outbox;

    @BeforeEach
    void setUp() {
        first = channel();
        outbox = new LoopOutbox(first.eventLoop());
    }

    @AfterEach
    void tearDown() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    @Test
    void aConnectionThatClosedIsNotReportedAsASlowReader() {
        EmbeddedChannel gone = channel();
        ChannelOutbound out = outbound(gone);
        gone.close();

        try (var log = new org.parley.server.LogCapture()) {
            out.send(encoded("x"));
            outbox.toMany(bytes("fan"), List.of(out));
            runTasks();
            gone.runPendingTasks();

            assertThat(log.events()).noneMatch(e -> e.getFormattedMessage().contains("stopped reading"));
        }
        assertThat(written(gone)).isEmpty();
    }

    @Test
    void framesForOneAndForManyKeepTheOrderTheyWereSentIn() {
        EmbeddedChannel b = channel();
        ChannelOutbound outA = outbound(first);
        ChannelOutbound outB = outbound(b);

        outA.send(encoded("x"));
        outbox.toMany(bytes("fan"), List.of(outA, outB));
        outA.send(encoded("y"));
        runTasks();

        assertThat(written(first)).containsExactly("x\n", "fan\n", "y\n");
        assertThat(written(b)).containsExactly("fan\n");
    }

    @Test
    void nothingReachesTheSocketBeforeTheLoopRunsAndEverythingIsFlushedWhenItHas() {
        ChannelOutbound out = outbound(first);
        out.send(encoded("x"));
        outbox.toMany(bytes("fan"), List.of(out));

        assertThat(written(first)).isEmpty();
        runTasks();
        assertThat(String.join("", written(first))).isEqualTo("x\nfan\n");
    }

    @Test
    void aChannelThatGetsEveryFanoutFrameOfARunGetsThemInOneWrite() {
        EmbeddedChannel b = channel();
        EmbeddedChannel c = channel();
        ChannelOutbound all = outbound(first);
        ChannelOutbound some = outbound(b);
        ChannelOutbound withOwn = outbound(c);

        outbox.toMany(bytes("1"), List.of(all, some, withOwn));
        outbox.toMany(bytes("2"), List.of(all, withOwn));
        withOwn.send(encoded("own"));
        outbox.toMany(bytes("3"), List.of(all, some, withOwn));
        runTasks();

        assertThat(written(first)).containsExactly("1\n2\n3\n");
        assertThat(written(b)).containsExactly("1\n", "3\n");
        assertThat(written(c)).containsExactly("1\n", "2\n", "own\n", "3\n");
    }

    @Test
    void everyBufferIsReleasedOnceWritten() {
        ChannelOutbound out = outbound(first);
        ByteBuf one = bytes("1");
        ByteBuf two = bytes("2");
        outbox.toMany(one, List.of(out));
        outbox.toMany(two, List.of(out));
        runTasks();

        written(first);
        assertThat(one.refCnt()).isZero();
        assertThat(two.refCnt()).isZero();
    }

    @Test
    void closeComesAfterWhatWasSentBeforeIt() {
        ChannelOutbound out = outbound(first);
        out.send(encoded("bye"));
        out.close();
        runTasks();

        assertThat(String.join("", written(first))).isEqualTo("bye\n");
        assertThat(first.isOpen()).isFalse();
    }

    @Test
    void itemsQueuedWhileARunIsUnderWayAreWrittenByTheNextRun() {
        ChannelOutbound out = outbound(first);
        out.send(encoded("a"));
        runTasks();
        out.send(encoded("b"));
        runTasks();

        assertThat(written(first)).containsExactly("a\n", "b\n");
    }

    @Test
    void afterItsLoopIsShutDownFramesAreDroppedAndReleasedWithoutAnError() throws Exception {
        io.netty.channel.DefaultEventLoop stopped = new io.netty.channel.DefaultEventLoop();
        stopped.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).sync();
        LoopOutbox late = new LoopOutbox(stopped);
        ByteBuf bytes = bytes("late");

        late.toMany(bytes, List.of(outbound(first)));

        assertThat(bytes.refCnt()).isZero();
    }

    private EmbeddedChannel channel() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChannelInboundHandlerAdapter(),
                new FrameEncoder(FrameCodec.frames()));
        channels.add(ch);
        return ch;
    }

    private ChannelOutbound outbound(EmbeddedChannel ch) {
        return new ChannelOutbound(ch, ch.pipeline().firstContext(), outbox, 1 << 20);
    }

    private void runTasks() {
        // Every channel here shares the first one's loop, as channels of one I/O thread do.
        first.runPendingTasks();
    }

    private static EncodedFrame encoded(String text) {
        return new EncodedFrame(text.getBytes(StandardCharsets.UTF_8));
    }

    private static ByteBuf bytes(String text) {
        return Unpooled.directBuffer().writeBytes((text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> written(EmbeddedChannel ch) {
        List<String> out = new ArrayList<>();
        ByteBuf buf;
        while ((buf = ch.readOutbound()) != null) {
            out.add(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        return out;
    }
}
