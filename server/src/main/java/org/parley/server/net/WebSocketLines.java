package org.parley.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/**
 * Encoded protocol lines to WebSocket text frames, one frame per line without its newline. A buffer
 * may hold several lines (the outbox combines fan-out frames into one write); each becomes a frame, in
 * order, on the I/O thread that wrote it, so the write path's ordering holds on a WebSocket too.
 * Anything that is not a buffer (HTTP responses, close frames) passes unchanged.
 */
@Sharable
final class WebSocketLines extends ChannelOutboundHandlerAdapter {

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf bytes) || !bytes.isReadable()) {
            ctx.write(msg, promise); // an empty buffer is the outbox's flush-then-close marker
            return;
        }
        try {
            int start = bytes.readerIndex();
            int end = bytes.writerIndex();
            while (start < end) {
                int newline = bytes.indexOf(start, end, (byte) '\n');
                int lineEnd = newline < 0 ? end : newline;
                boolean last = newline < 0 || newline + 1 >= end;
                TextWebSocketFrame frame = new TextWebSocketFrame(bytes.retainedSlice(start, lineEnd - start));
                // Only the last frame carries the caller's promise: the frames of one buffer are written
                // together, and a failure of any of them fails the channel, which the promise then sees.
                ctx.write(frame, last ? promise : ctx.voidPromise());
                start = lineEnd + 1;
            }
        } finally {
            bytes.release();
        }
    }
}
