package org.parley.bench.direct;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.HdrHistogram.Recorder;
import org.junit.jupiter.api.Test;
import org.parley.protocol.Event;
import org.parley.protocol.Frame;
import org.parley.protocol.FrameCodec;
import org.parley.protocol.Request;

class LeanMessengerTest {

    private static final FrameCodec<Frame> CODEC = FrameCodec.frames();

    @Test
    void acknowledgesTheMessagesOfOneReadInOneAckTheServerCanDecode() throws Exception {
        LeanMessenger.Run run = LeanMessenger.Run.start(new Recorder(3));
        run.sending().set(false);
        LeanMessenger messenger = new LeanMessenger("dm0", "dm1", 4, run);
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
        ChannelHandlerContext ctx = channel.pipeline().firstContext();

        for (long id : new long[] {7, 8, 1234567}) {
            ByteBuf line = Unpooled.wrappedBuffer(CODEC.encode(new Event.MessageReceived(id, "dm1", "m", 1L, false)));
            messenger.line(ctx, line, 0, line.readableBytes());
        }
        assertThat((Object) channel.readOutbound()).as("nothing before the read ends").isNull();
        messenger.readComplete(ctx);

        ByteBuf out = channel.readOutbound();
        String json = out.toString(StandardCharsets.UTF_8);
        out.release();
        assertThat(json).endsWith("\n");
        Frame ack = CODEC.decode(json.trim().getBytes(StandardCharsets.UTF_8));
        assertThat(ack).isInstanceOfSatisfying(Request.Ack.class,
                a -> assertThat(a.messageIds()).containsExactly(7L, 8L, 1234567L));
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(run.failure()).isNotDone();
    }
}
