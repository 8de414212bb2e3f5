package org.parley.server.net;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What may reach the WebSocket handshake and the page: a request that is not HTTP is answered 400, and
 * a handshake from a page of another origin is answered 403, both closing the connection. Browsers
 * always send {@code Origin} with a WebSocket handshake, so a page elsewhere cannot use a visitor's
 * browser to talk to this server; programs that are not browsers send none and are let through, as on
 * the chat port. One instance per channel; removed at the upgrade.
 */
final class WebRequestGuard extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(WebRequestGuard.class);

    private final String scheme;

    WebRequestGuard(boolean tls) {
        super(false); // passes the request on, so the next handler releases it
        this.scheme = tls ? "https" : "http";
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            request.release();
            LOG.info("refusing web connection {}: not an HTTP request ({})", ctx.channel().remoteAddress(),
                    request.decoderResult().cause().toString());
            refuse(ctx, HttpResponseStatus.BAD_REQUEST, "Not an HTTP request");
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (path.equals(WebPipeline.WS_PATH) && origin != null && !sameOrigin(origin, request)) {
            request.release();
            LOG.info("refusing web socket from {}: origin {} is not this server's page", ctx.channel().remoteAddress(),
                    origin);
            refuse(ctx, HttpResponseStatus.FORBIDDEN, "Cross-origin WebSocket refused");
            return;
        }
        ctx.fireChannelRead(request);
    }

    /** The page's origin is the scheme and the Host the browser used to load it. */
    private boolean sameOrigin(String origin, FullHttpRequest request) {
        String host = request.headers().get(HttpHeaderNames.HOST);
        return host != null && origin.equalsIgnoreCase(scheme + "://" + host);
    }

    static void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String reason) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(reason + "\n", StandardCharsets.UTF_8));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, "close");
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
