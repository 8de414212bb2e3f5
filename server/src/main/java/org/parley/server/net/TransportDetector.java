package org.parley.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Frame;
import org.parley.protocol.FrameCodec;
import org.parley.protocol.FrameDecodingException;
import org.parley.protocol.Request;
import org.parley.protocol.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at a connection's first bytes and lets it through only when they are what this port speaks.
 * On a TLS port, a TLS record goes on to the {@link SslHandler} behind this; a plain Parley client
 * (its first line a JSON {@code hello}) is answered one plain error line it can print, and anything else
 * is closed. On a plain port the reverse: a TLS client hello is answered a plain line (which its TLS
 * stack reports at once as "not TLS" instead of waiting out its handshake timeout) and closed.
 * Either way the answer is written from here, towards the socket, so it never passes the SslHandler.
 *
 * <p>One per channel, on its I/O thread; it removes itself once the connection is let through.
 */
final class TransportDetector extends ByteToMessageDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(TransportDetector.class);
    /** A TLS record header is five bytes; SslHandler.isEncrypted needs them all. */
    private static final int RECORD_HEADER = 5;
    /** A plain client's hello is far shorter; past this, it is not a Parley client. */
    private static final int MAX_HELLO_BYTES = 4096;
    static final String TLS_REQUIRED = "Error. This server requires TLS: connect without --no-tls"
            + " (a plain connection would show passwords and messages to anyone on the network)";
    static final String TLS_NOT_SPOKEN = "Error. This server does not use TLS (it runs with --no-tls)";

    private final boolean tlsPort;
    private final FrameCodec<Frame> codec;

    TransportDetector(boolean tlsPort, FrameCodec<Frame> codec) {
        this.tlsPort = tlsPort;
        this.codec = codec;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < RECORD_HEADER) {
            return;
        }
        boolean tls = SslHandler.isEncrypted(in);
        if (tls == tlsPort) {
            // What stays in the cumulation goes on to the next handler when this one is removed.
            ctx.pipeline().remove(this);
            return;
        }
        if (tls) {
            LOG.debug("refusing a TLS client from {}: this port runs plain TCP (--no-tls)", ctx.channel().remoteAddress());
            answerAndClose(ctx, in, new Response.Error(0, ErrorCode.TLS_REQUIRED, TLS_NOT_SPOKEN));
            return;
        }
        int newline = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (newline < 0) {
            if (in.readableBytes() > MAX_HELLO_BYTES || in.getByte(in.readerIndex()) != '{') {
                garbage(ctx, in);
            }
            return;
        }
        byte[] line = new byte[newline - in.readerIndex()];
        in.getBytes(in.readerIndex(), line);
        Frame first;
        try {
            first = codec.decode(line);
        } catch (FrameDecodingException | RuntimeException e) {
            garbage(ctx, in);
            return;
        }
        long id = first instanceof Request.Hello hello ? hello.id() : 0;
        LOG.debug("refusing a plain-TCP client from {}: this port requires TLS", ctx.channel().remoteAddress());
        answerAndClose(ctx, in, new Response.Error(id, ErrorCode.TLS_REQUIRED, TLS_REQUIRED));
    }

    private void answerAndClose(ChannelHandlerContext ctx, ByteBuf in, Response.Error error) {
        in.skipBytes(in.readableBytes());
        byte[] json = codec.encode(error);
        ByteBuf line = Unpooled.buffer(json.length + 1).writeBytes(json).writeByte('\n');
        ctx.channel().config().setAutoRead(false);
        ctx.writeAndFlush(line).addListener(ChannelFutureListener.CLOSE);
    }

    private void garbage(ChannelHandlerContext ctx, ByteBuf in) {
        LOG.debug("closing {}: its first bytes are neither TLS nor a Parley frame", ctx.channel().remoteAddress());
        in.skipBytes(in.readableBytes());
        ctx.channel().config().setAutoRead(false);
        ctx.close();
    }
}
