package org.parley.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Encoded lines become text frames one for one, in order, also when the outbox combined several. */
class WebSocketLinesTest {

    @Test
    void aBufferOfSeveralLinesIsOneTextFramePerLineInOrder() {
        EmbeddedChannel ch = new EmbeddedChannel(new WebSocketLines());
        ByteBuf combined = Unpooled.copiedBuffer("{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n", StandardCharsets.UTF_8);
        ch.writeOutbound(combined);
        assertThat(texts(ch)).containsExactly("{\"a\":1}", "{\"b\":2}", "{\"c\":3}");
        assertThat(combined.refCnt()).isZero();
    }

    @Test
    void anEmptyBufferPassesAsIsForTheFlushBeforeAClose() {
        EmbeddedChannel ch = new EmbeddedChannel(new WebSocketLines());
        ch.writeOutbound(Unpooled.EMPTY_BUFFER);
        Object out = ch.readOutbound();
        assertThat(out).isInstanceOf(ByteBuf.class);
        assertThat(((ByteBuf) out).readableBytes()).isZero();
    }

    private static java.util.List<String> texts(EmbeddedChannel ch) {
        java.util.List<String> texts = new java.util.ArrayList<>();
        Object out;
        while ((out = ch.readOutbound()) != null) {
            TextWebSocketFrame frame = (TextWebSocketFrame) out;
            texts.add(frame.text());
            frame.release();
        }
        return texts;
    }
}
