package org.parley.client.link;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import org.parley.protocol.FrameCodec;
import org.parley.protocol.LinkFrame;

/** One {@link LinkFrame} to one line of JSON. */
final class LinkFrameEncoder extends MessageToByteEncoder<LinkFrame> {

    private final FrameCodec<LinkFrame> codec;

    LinkFrameEncoder(FrameCodec<LinkFrame> codec) {
        super(LinkFrame.class);
        this.codec = codec;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, LinkFrame frame, ByteBuf out) {
        out.writeBytes(codec.encode(frame));
        out.writeByte('\n');
    }
}
