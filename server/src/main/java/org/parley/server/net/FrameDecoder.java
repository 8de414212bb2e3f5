package org.parley.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;
import org.parley.protocol.FrameCodec;
import org.parley.protocol.FrameDecodingException;
import org.parley.protocol.Frame;

/**
 * One line (already split by the line decoder) to one {@link Frame}. A line that is not a frame is
 * passed on as a {@link BadFrame} so that the adapter can answer it; the connection stays open.
 */
final class FrameDecoder extends MessageToMessageDecoder<ByteBuf> {

    /** A line that could not be decoded, and why. */
    record BadFrame(FrameDecodingException cause) {}

    private final FrameCodec<Frame> codec;

    FrameDecoder(FrameCodec<Frame> codec) {
        this.codec = codec;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf line, List<Object> out) {
        if (line.readableBytes() == 0 || (line.readableBytes() == 1 && line.getByte(line.readerIndex()) == '\r')) {
            return; // blank lines are keep-alives from hand-typed sessions, not errors
        }
        byte[] bytes = ByteBufUtil.getBytes(line);
        try {
            out.add(codec.decode(bytes));
        } catch (FrameDecodingException e) {
            out.add(new BadFrame(e));
        }
    }
}
