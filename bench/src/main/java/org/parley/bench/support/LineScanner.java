package org.parley.bench.support;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;
import org.parley.protocol.Limits;

/**
 * Hands each complete line to {@link #line} where it lies in the read buffer, without a slice or a
 * pipeline event per line: a receiver at saturation reads many frames per read. A partial line waits
 * in the cumulation for the rest.
 */
public abstract class LineScanner extends ByteToMessageDecoder {

    @Override
    protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int eol = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
            if (eol < 0) {
                if (in.readableBytes() > Limits.MAX_FRAME_BYTES) {
                    throw new TooLongFrameException("line longer than " + Limits.MAX_FRAME_BYTES + " bytes");
                }
                return;
            }
            line(ctx, in, in.readerIndex(), eol - in.readerIndex());
            in.readerIndex(eol + 1);
        }
    }

    /** One line, {@code length} bytes at {@code from} in {@code buf}, without its newline. */
    protected abstract void line(ChannelHandlerContext ctx, ByteBuf buf, int from, int length);
}
