package org.parley.server.ops;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator port's three endpoints: {@code GET /metrics} (Prometheus text format), {@code GET
 * /health} (200 while the process answers) and {@code GET /ready} (200, or 503 with the reason in one
 * line); any other path is 404, any other method on a known path 405. Query strings are ignored.
 *
 * <p>Concurrency: one instance per connection, on that connection's event loop.
 */
final class OperatorHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorHandler.class);
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final Supplier<String> metrics;
    private final Readiness readiness;

    OperatorHandler(Supplier<String> metrics, Readiness readiness) {
        this.metrics = metrics;
        this.readiness = readiness;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST, TEXT, "bad request\n");
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        if (!path.equals("/metrics") && !path.equals("/health") && !path.equals("/ready")) {
            respond(ctx, request, HttpResponseStatus.NOT_FOUND, TEXT, "not found: the operator port serves /metrics, /health and /ready\n");
            return;
        }
        if (!HttpMethod.GET.equals(request.method())) {
            FullHttpResponse response = response(HttpResponseStatus.METHOD_NOT_ALLOWED, TEXT, "only GET\n");
            response.headers().set(HttpHeaderNames.ALLOW, "GET");
            send(ctx, request, response);
            return;
        }
        switch (path) {
            case "/metrics" -> scrape(ctx, request);
            case "/health" -> respond(ctx, request, HttpResponseStatus.OK, TEXT, "ok\n");
            default -> {
                Optional<String> reason = readiness.notReadyBecause();
                if (reason.isPresent()) {
                    respond(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, TEXT, reason.get() + "\n");
                } else {
                    respond(ctx, request, HttpResponseStatus.OK, TEXT, "ready\n");
                }
            }
        }
    }

    /** A scrape that fails is ours: logged once with its cause and answered 500, the port stays up. */
    private void scrape(ChannelHandlerContext ctx, FullHttpRequest request) {
        String text;
        try {
            text = metrics.get();
        } catch (RuntimeException e) {
            LOG.error("operator port: the metrics could not be written for a scrape", e);
            respond(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, TEXT, "metrics unavailable: " + e + "\n");
            return;
        }
        respond(ctx, request, HttpResponseStatus.OK, PROMETHEUS_TEXT, text);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a probe that hung up or sent garbage is not ours to report above DEBUG
        LOG.debug("operator port: closing a connection from {} after {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
            String type, String body) {
        send(ctx, request, response(status, type, body));
    }

    private static FullHttpResponse response(HttpResponseStatus status, String type, String body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        HttpUtil.setContentLength(response, response.content().readableBytes());
        return response;
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
        boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
