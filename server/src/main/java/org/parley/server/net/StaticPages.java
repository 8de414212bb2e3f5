package org.parley.server.net;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * Serves the web client's files (GET and HEAD only) with headers that keep the page to itself: its
 * scripts and connections from its own origin only, never framed by another page, no content
 * sniffing. Stateless, so one instance serves every channel.
 */
@Sharable
final class StaticPages extends SimpleChannelInboundHandler<FullHttpRequest> {

    static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; "
                    + "frame-ancestors 'none'";

    private final WebAssets assets;

    StaticPages(WebAssets assets) {
        this.assets = assets;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean head = request.method().equals(HttpMethod.HEAD);
        FullHttpResponse response;
        if (!head && !request.method().equals(HttpMethod.GET)) {
            response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "Only GET and HEAD are served here");
            response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
        } else {
            WebAssets.Asset asset = assets.at(new QueryStringDecoder(request.uri()).path());
            if (asset == null) {
                response = text(HttpResponseStatus.NOT_FOUND, "Not found");
            } else {
                response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK,
                        head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(asset.bytes()));
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, asset.contentType())
                        .set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
                HttpUtil.setContentLength(response, asset.bytes().length);
            }
        }
        secure(response.headers());
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        ChannelFuture written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body) {
        FullHttpResponse response = new DefaultFullHttpResponse(io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                status, Unpooled.copiedBuffer(body + "\n", java.nio.charset.StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        HttpUtil.setContentLength(response, response.content().readableBytes());
        return response;
    }

    static void secure(HttpHeaders headers) {
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .set("X-Content-Type-Options", "nosniff")
                .set("X-Frame-Options", "DENY")
                .set("Referrer-Policy", "no-referrer");
    }
}
