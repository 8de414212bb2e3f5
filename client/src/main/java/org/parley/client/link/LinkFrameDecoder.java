package org.parley.client.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;
import org.parley.protocol.FrameCodec;
import org.parley.protocol.FrameDecodingException;
import org.parley.protocol.LinkFrame;

/**
 * One line (already cut by the line decoder) to one {@link LinkFrame}. A line that is not a link frame
 * becomes a {@link CorruptedFrameException}, which the handlers tell apart from an over-long line.
 */
final class LinkFrameDecoder extends MessageToMessageDecoder<ByteBuf> {

    private final FrameCodec<LinkFrame> codec;

    LinkFrameDecoder(FrameCodec<LinkFrame> codec) {
        this.codec = codec;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf line, List<Object> out) {
        try {
            out.add(codec.decode(ByteBufUtil.getBytes(line)));
        } catch (FrameDecodingException e) {
            throw new CorruptedFrameException(e.getMessage());
        }
    }
}
