package org.parley.bench.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineScannerTest {

    private final List<String> lines = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(new LineScanner() {
        @Override
        protected void line(ChannelHandlerContext ctx, ByteBuf buf, int from, int length) {
            lines.add(buf.toString(from, length, StandardCharsets.UTF_8));
        }
    });

    @Test
    void everyLineOfOneReadIsSeenInOrder() {
        channel.writeInbound(bytes("one\ntwo\n\nthree\n"));

        assertThat(lines).containsExactly("one", "two", "", "three");
    }

    @Test
    void aLineSplitAcrossReadsIsSeenWholeOnceItsNewlineArrives() {
        channel.writeInbound(bytes("{\"type\":\"bro"));
        assertThat(lines).isEmpty();

        channel.writeInbound(bytes("adcast\"}\nnext"));
        channel.writeInbound(bytes("\n"));

        assertThat(lines).containsExactly("{\"type\":\"broadcast\"}", "next");
        channel.finishAndReleaseAll();
    }

    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }
}
