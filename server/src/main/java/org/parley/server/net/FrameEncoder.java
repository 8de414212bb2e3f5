package org.parley.server.net;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;
import org.parley.protocol.Frame;
import org.parley.protocol.FrameCodec;
import org.parley.server.core.EncodedFrame;

/**
 * Frames and pre-encoded fan-out frames to newline-terminated bytes. Pre-encoded frames sent to one
 * connection land here too; fan-out to many bypasses this (see {@link ChannelFanout}).
 */
@Sharable
final class FrameEncoder extends MessageToMessageEncoder<Object> {

    private final FrameCodec<Frame> codec;

    FrameEncoder(FrameCodec<Frame> codec) {
        this.codec = codec;
    }

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof Frame || msg instanceof EncodedFrame;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
        byte[] json = msg instanceof EncodedFrame encoded ? encoded.json() : codec.encode((Frame) msg);
        // Direct, so the transport writes it as is instead of copying a heap buffer into a direct one.
        out.add(ctx.alloc().directBuffer(json.length + 1).writeBytes(json).writeByte('\n'));
    }
}
