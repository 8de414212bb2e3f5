package org.parley.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;
import org.parley.protocol.Frame;
import org.parley.protocol.FrameCodec;
import org.parley.server.core.EncodedFrame;

/**
 * Frames and pre-encoded fan-out frames to newline-terminated bytes. Pre-encoded frames are wrapped,
 * not copied: every recipient of a broadcast writes the same array.
 */
@Sharable
final class FrameEncoder extends MessageToMessageEncoder<Object> {

    private static final byte[] NEWLINE = {'\n'};

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
        ByteBuf buf = Unpooled.wrappedBuffer(json, NEWLINE);
        out.add(buf);
    }
}
