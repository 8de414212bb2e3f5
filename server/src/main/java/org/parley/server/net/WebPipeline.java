package org.parley.server.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import org.parley.protocol.Frame;
import org.parley.protocol.FrameCodec;
import org.parley.protocol.Limits;
import org.parley.server.core.ChatCore;

/**
 * Assembles one web connection's pipeline; the only place that knows its order. Until the WebSocket
 * handshake at {@link #WS_PATH} the connection is plain HTTP serving the page; at the handshake
 * {@link WebSocketFrames} adds the chat handlers of {@link ServerPipeline} (decode, encode, core), so
 * a page load never opens a chat session.
 *
 * <pre>
 * [ssl] limit http agg guard ws wsagg page ws-out ws-in | idle decode encode core
 * </pre>
 *
 * {@link ChannelOutbound} writes encoded lines at the context of {@code ws-in} ({@link #WIRE}): the
 * next outbound handler is {@code ws-out}, which turns each line into one text frame.
 */
final class WebPipeline extends ChannelInitializer<SocketChannel> {

    static final String WS_PATH = "/ws";
    /** The handler whose context encoded lines are written at (its outbound neighbour is ws-out). */
    static final String WIRE = "ws-in";
    /** Requests are a GET line and headers: the page takes no uploads. */
    static final int MAX_REQUEST_BYTES = 8 * 1024;

    private final ChatCore core;
    private final NetConfig config;
    private final ConnectionLimiter limiter;
    private final SslContext tls;
    private final WebAssets assets;
    private final FrameCodec<Frame> codec = FrameCodec.frames();
    private final FrameEncoder encoder = new FrameEncoder(codec);
    private final Outboxes outboxes = new Outboxes();
    private final WebSocketLines lines = new WebSocketLines();

    /** {@code tls} null serves http and ws; otherwise https and wss. */
    WebPipeline(ChatCore core, NetConfig config, ConnectionLimiter limiter, SslContext tls, WebAssets assets) {
        this.core = core;
        this.config = config;
        this.limiter = limiter;
        this.tls = tls;
        this.assets = assets;
    }

    /** The context {@link ChannelOutbound} writes encoded bytes at, or null on a channel of the chat port. */
    static ChannelHandlerContext wire(ChannelPipeline p) {
        return p.context(WIRE);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        if (tls != null) {
            p.addLast("ssl", tls.newHandler(ch.alloc()));
        }
        p.addLast("limit", limiter);
        p.addLast("http", new HttpServerCodec());
        p.addLast("agg", new HttpObjectAggregator(MAX_REQUEST_BYTES));
        p.addLast("guard", new WebRequestGuard(tls != null));
        p.addLast("ws", new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(WS_PATH)
                .checkStartsWith(false)
                .handshakeTimeoutMillis(10_000)
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        // A text message is one protocol frame: the same 64 KiB as a line on the chat port.
                        .maxFramePayloadLength(Limits.MAX_FRAME_BYTES)
                        .allowExtensions(false)
                        .build())
                .build()));
        // Browsers send a message as one frame; continuation frames are joined, within the same limit.
        p.addLast("wsagg", new WebSocketFrameAggregator(Limits.MAX_FRAME_BYTES));
        p.addLast("page", new StaticPages(assets));
        p.addLast("ws-out", lines);
        p.addLast(WIRE, new WebSocketFrames(this::addChat));
    }

    /** At the handshake: the same chat handlers as on the chat port, after the WebSocket adapters. */
    private void addChat(ChannelPipeline p) {
        if (config.deadConnectionSeconds() > 0) {
            p.addLast(ChannelOutbound.IDLE_HANDLER, new IdleStateHandler(config.deadConnectionSeconds(), 0, 0, TimeUnit.SECONDS));
        }
        p.addLast("decode", new FrameDecoder(codec));
        p.addLast("encode", encoder);
        p.addLast("core", new ConnectionHandler(core, outboxes, config.maxPendingBytes()));
    }
}
