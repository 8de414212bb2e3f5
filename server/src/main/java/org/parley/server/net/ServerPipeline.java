package org.parley.server.net;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import org.parley.protocol.Frame;
import org.parley.protocol.FrameCodec;
import org.parley.protocol.Limits;
import org.parley.server.core.ChatCore;

/**
 * Assembles one connection's pipeline; the only place that knows its order:
 * {@code limit - detect - ssl - flush - idle - lines - decode - encode - core}, {@code idle} only when a
 * dead-connection timeout is set or the client promised heartbeats.
 *
 * <p>{@code ssl} sits right after the detector and before flush consolidation, because
 * {@link ChannelOutbound} writes encoded bytes at the {@code flush} context: past the encoder and the
 * consolidation (the outbox flushes once per run itself) but still through TLS. Anything written closer
 * to the socket than {@code ssl} would leave in clear. Without TLS there is no {@code ssl}, and the same
 * write goes straight to the socket.
 */
final class ServerPipeline extends ChannelInitializer<SocketChannel> {

    /** The context {@link ChannelOutbound} writes encoded bytes at. */
    static final String WIRE = "flush";
    /**
     * Plaintext SslHandler gathers into one TLS record before encrypting. Netty's default (16 KiB, a full
     * record) already fills records from the many small frames a fan-out run writes per channel.
     */
    private static final int WRAP_BYTES = 16 * 1024;

    private final ChatCore core;
    private final NetConfig config;
    private final ConnectionLimiter limiter;
    private final FrameCodec<Frame> codec = FrameCodec.frames();
    private final FrameEncoder encoder = new FrameEncoder(codec);
    private final Outboxes outboxes = new Outboxes();

    ServerPipeline(ChatCore core, NetConfig config, ConnectionLimiter limiter) {
        this.core = core;
        this.config = config;
        this.limiter = limiter;
    }

    /** Bytes to frames: lines of at most 64 KiB, then JSON. Shared with the fuzz test of exactly this. */
    static void addFraming(ChannelPipeline p, FrameCodec<Frame> codec) {
        p.addLast("lines", new LineBasedFrameDecoder(Limits.MAX_FRAME_BYTES, true, false));
        p.addLast("decode", new FrameDecoder(codec));
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        SslContext tls = config.tls();
        p.addLast("limit", limiter);
        p.addLast("detect", new TransportDetector(tls != null, codec));
        if (tls != null) {
            SslHandler ssl = tls.newHandler(ch.alloc());
            ssl.setWrapDataSize(WRAP_BYTES);
            p.addLast("ssl", ssl);
        }
        p.addLast(WIRE, new FlushConsolidationHandler(256, true));
        if (config.deadConnectionSeconds() > 0) {
            // Only when set: a disabled IdleStateHandler still costs every idle connection an object;
            // a client that promises heartbeats gets one later (ChannelOutbound#expectHeartbeat).
            p.addLast(ChannelOutbound.IDLE_HANDLER, new IdleStateHandler(config.deadConnectionSeconds(), 0, 0, TimeUnit.SECONDS));
        }
        addFraming(p, codec);
        p.addLast("encode", encoder);
        p.addLast("core", new ConnectionHandler(core, outboxes, config.maxPendingBytes()));
    }
}
