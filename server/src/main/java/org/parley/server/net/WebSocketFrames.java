package org.parley.server.net;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.parley.protocol.Limits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound side of a web connection after the upgrade: each text frame's payload goes on as one
 * protocol line to the same {@link FrameDecoder} as on the chat port. Binary frames and frames over
 * the limit get a close frame saying why; nothing of them reaches the core. Also the last word on
 * errors of a web connection before its chat handlers exist. One instance per channel, its I/O thread
 * only.
 */
final class WebSocketFrames extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketFrames.class);

    private final Consumer<ChannelPipeline> addChat;
    private boolean upgraded;

    WebSocketFrames(Consumer<ChannelPipeline> addChat) {
        this.addChat = addChat;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            upgraded = true;
            ChannelPipeline p = ctx.pipeline();
            p.remove(StaticPages.class);
            p.remove(WebRequestGuard.class);
            addChat.accept(p);
            // The chat handlers were added to a channel that is already active: tell them it is, from
            // here, so the handlers before this one (the connection limit) do not count it twice.
            ctx.fireChannelActive();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof TextWebSocketFrame text) {
            ctx.fireChannelRead(text.content());
        } else if (msg instanceof BinaryWebSocketFrame) {
            ReferenceCountUtil.release(msg);
            refuse(ctx, WebSocketCloseStatus.INVALID_MESSAGE_TYPE,
                    "Parley takes text frames only, one JSON frame each");
        } else if (msg instanceof WebSocketFrame) {
            ReferenceCountUtil.release(msg); // pongs; pings and closes are answered by the protocol handler
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException corrupt) {
            // The decoder has already sent its close frame (1009 too big, 1002 not WebSocket framing).
            LOG.info("closing web connection {}: {}", ctx.channel().remoteAddress(), corrupt.getMessage());
            ctx.close();
        } else if (cause instanceof TooLongFrameException && upgraded) {
            // A message of continuation frames over the limit (one frame over it is the decoder's).
            refuse(ctx, WebSocketCloseStatus.MESSAGE_TOO_BIG,
                    "Frame longer than " + Limits.MAX_FRAME_BYTES + " bytes");
        } else if (cause instanceof DecoderException && cause.getCause() instanceof SSLException tls) {
            // Plain http to an https port, or a failed handshake: the client's mistake, not the server's.
            LOG.info("closing web connection {}: no TLS session ({})", ctx.channel().remoteAddress(), tls.getMessage());
            ctx.close();
        } else if (upgraded) {
            ctx.fireExceptionCaught(cause); // the chat handlers' adapter logs and closes, as on the chat port
        } else if (cause instanceof IOException) {
            LOG.debug("web connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        } else {
            LOG.error("closing web connection {} after an error in its pipeline", ctx.channel().remoteAddress(), cause);
            ctx.close();
        }
    }

    private static void refuse(ChannelHandlerContext ctx, WebSocketCloseStatus status, String reason) {
        LOG.info("closing web connection {}: {}", ctx.channel().remoteAddress(), reason);
        ctx.writeAndFlush(new CloseWebSocketFrame(status.code(), reason)).addListener(ChannelFutureListener.CLOSE);
    }
}
