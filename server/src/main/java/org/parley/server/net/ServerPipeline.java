package org.parley.server.net;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import org.parley.protocol.Frame;
import org.parley.protocol.FrameCodec;
import org.parley.protocol.Limits;
import org.parley.server.core.ChatCore;

/** Assembles one connection's pipeline; the only place that knows its order. */
final class ServerPipeline extends ChannelInitializer<SocketChannel> {

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
        p.addLast("limit", limiter);
        p.addLast("flush", new FlushConsolidationHandler(256, true));
        p.addLast(ChannelOutbound.IDLE_HANDLER, new IdleStateHandler(config.deadConnectionSeconds(), 0, 0, TimeUnit.SECONDS));
        addFraming(p, codec);
        p.addLast("encode", encoder);
        p.addLast("core", new ConnectionHandler(core, outboxes, config.maxPendingBytes()));
    }
}
