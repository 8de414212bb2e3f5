package org.parley.client.api;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;
import org.parley.protocol.Frame;
import org.parley.protocol.FrameCodec;
import org.parley.protocol.FrameDecodingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON codec and the two stateless handlers that put it on a pipeline, shared by every client in the
 * process: one Jackson mapper is large, so thousands of clients must not each build their own.
 */
final class Wire {

    static final FrameCodec<Frame> CODEC = FrameCodec.frames();
    static final ChannelHandler ENCODER = new Encoder();
    static final ChannelHandler DECODER = new Decoder();

    private static final Logger LOG = LoggerFactory.getLogger(Wire.class);

    private Wire() {}

    @ChannelHandler.Sharable
    private static final class Encoder extends MessageToByteEncoder<Frame> {
        @Override
        protected void encode(ChannelHandlerContext ctx, Frame frame, ByteBuf out) {
            out.writeBytes(CODEC.encode(frame)).writeByte('\n');
        }
    }

    /** A frame this client cannot read (a newer server's event, say) is skipped, not fatal. */
    @ChannelHandler.Sharable
    private static final class Decoder extends MessageToMessageDecoder<ByteBuf> {
        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf line, List<Object> out) {
            byte[] json = ByteBufUtil.getBytes(line);
            try {
                out.add(CODEC.decode(json));
            } catch (FrameDecodingException e) {
                LOG.warn("skipping a frame from the server that cannot be read: {}", e.getMessage());
            }
        }
    }
}
