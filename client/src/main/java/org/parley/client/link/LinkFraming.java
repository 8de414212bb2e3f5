package org.parley.client.link;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LineBasedFrameDecoder;
import org.parley.protocol.FrameCodec;
import org.parley.protocol.Limits;
import org.parley.protocol.LinkFrame;

/** The framing both ends of a link share: newline-delimited JSON, lines capped at the protocol limit. */
final class LinkFraming {

    private LinkFraming() {}

    static void install(ChannelPipeline pipeline, FrameCodec<LinkFrame> codec) {
        // The limit counts the newline; failFast rejects an endless line as soon as it passes the cap,
        // without buffering the rest of it.
        pipeline.addLast("lines", new LineBasedFrameDecoder(Limits.MAX_FRAME_BYTES - 1, true, true));
        pipeline.addLast("decoder", new LinkFrameDecoder(codec));
        pipeline.addLast("encoder", new LinkFrameEncoder(codec));
    }
}
