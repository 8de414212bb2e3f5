package org.parley.server.net;

import io.netty.channel.ChannelHandlerContext;
import java.io.IOException;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Frame;
import org.parley.protocol.Limits;
import org.parley.protocol.Request;
import org.parley.protocol.Response;
import org.parley.server.core.ChatCore;
import org.parley.server.core.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one adapter between Netty and the chat core: decoded requests in, connection events in. Frames
 * that are not requests, and lines that are not frames, are answered here and go no further.
 */
final class ConnectionHandler extends SimpleChannelInboundHandler<Object> {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);

    private final ChatCore core;
    private final Outboxes outboxes;
    private final long maxPendingBytes;
    private Session session;

    ConnectionHandler(ChatCore core, Outboxes outboxes, long maxPendingBytes) {
        this.core = core;
        this.outboxes = outboxes;
        this.maxPendingBytes = maxPendingBytes;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // On a WebSocket, encoded lines are written where they still become text frames (WebPipeline);
        // on the chat port just after TLS, so they are encrypted but skip flush consolidation (ServerPipeline).
        ChannelHandlerContext web = WebPipeline.wire(ctx.pipeline());
        session = core.open(new ChannelOutbound(ctx.channel(), web != null ? web : ctx.pipeline().context(ServerPipeline.WIRE),
                outboxes.of(ctx.channel().eventLoop()), maxPendingBytes, core.metrics()));
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Request request) {
            core.receive(session, request);
        } else if (msg instanceof FrameDecoder.BadFrame bad) {
            core.reject(session, 0, bad.cause().code(), "Error. Malformed frame: " + bad.cause().getMessage());
        } else if (msg instanceof Frame) {
            core.reject(session, 0, ErrorCode.BAD_FRAME, "Error. Clients send requests only");
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            // Nothing at all arrived for a long time (not even the heartbeats it promised): a dead peer.
            LOG.debug("closing connection {}: nothing arrived from it for too long", session);
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (session != null) {
            core.closed(session);
        }
    }

    private static boolean isTlsFailure(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable cause) {
        Throwable t = cause;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.toString();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            // The rest of an oversized line cannot be trusted to be framed correctly: answer and close.
            ctx.writeAndFlush(new Response.Error(0, ErrorCode.FRAME_TOO_LONG,
                    "Error. Frame longer than " + Limits.MAX_FRAME_BYTES + " bytes"))
                    .addListener(f -> ctx.close());
            return;
        }
        if (isTlsFailure(cause)) {
            // A failed handshake or a broken record: garbage or a client that does not trust us, not a bug.
            LOG.debug("closing connection {} ({}): TLS failed: {}", session, ctx.channel().remoteAddress(),
                    rootMessage(cause));
        } else if (cause instanceof IOException) {
            // The peer reset or vanished: routine on the Internet, the core hears of it as a disconnect.
            LOG.debug("connection {} failed: {}", session, cause.toString());
        } else {
            // A handler of ours (decoder, encoder) threw: a server bug, which must not pass as a disconnect.
            LOG.error("closing connection {} ({}) after an error in its pipeline", session, ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
