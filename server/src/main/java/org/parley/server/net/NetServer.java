package org.parley.server.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.parley.server.core.ChatCore;

/** The listening socket and its event loops. */
public final class NetServer implements AutoCloseable {

    private final Channel channel;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;

    private NetServer(Channel channel, EventLoopGroup boss, EventLoopGroup workers) {
        this.channel = channel;
        this.boss = boss;
        this.workers = workers;
    }

    /**
     * One read-size policy for every connection instead of one each (Netty's default, 40 bytes per
     * idle session), starting at 512 bytes: a chat connection mostly reads a command line, and the
     * size still grows to 64 KiB for a client that sends more. Only the per-channel handle has state.
     */
    static final AdaptiveRecvByteBufAllocator READS = new AdaptiveRecvByteBufAllocator(64, 512, 64 * 1024);

    public static NetServer start(ChatCore core, NetConfig config) throws InterruptedException, BindException {
        Transport transport = Transport.best();
        EventLoopGroup boss = transport.newGroup(1);
        // One I/O thread per core, not Netty's two: the core and the store writer need CPU too, and
        // measured on 2 cores, 4 loops only added context switches (direct messages 30k to 35k acked/s).
        EventLoopGroup workers = transport.newGroup(Runtime.getRuntime().availableProcessors());
        try {
            Channel ch = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    // The protocol has no keep-alive frame; TCP's finds peers that vanished without a FIN.
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                    .childOption(ChannelOption.RCVBUF_ALLOCATOR, READS)
                    .childHandler(new ServerPipeline(core, config, new ConnectionLimiter(config.maxConnectionsPerAddress())))
                    .bind(config.bind()).sync().channel();
            return new NetServer(ch, boss, workers);
        } catch (Exception e) { // sync() rethrows checked exceptions without declaring them
            boss.shutdownGracefully();
            workers.shutdownGracefully();
            if (e instanceof BindException || e instanceof InterruptedException || e instanceof RuntimeException) {
                throw e;
            }
            if (e instanceof IOException) {
                // NIO reports a port in use as BindException, epoll as an IOException of its own.
                String reason = String.valueOf(e.getMessage()).replaceFirst("^bind\\(\\.\\.\\) failed: ", "");
                throw (BindException) new BindException(reason).initCause(e);
            }
            throw new IllegalStateException(e);
        }
    }

    /** The accepting loop, shared with the web port ({@link WebServer}). */
    EventLoopGroup boss() {
        return boss;
    }

    /** The I/O loops, shared with the web port. */
    EventLoopGroup workers() {
        return workers;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /**
     * Stops listening; connections already open stay, on their event loops, until {@link #close}.
     * Idempotent.
     */
    public void stopAccepting() {
        channel.close().syncUninterruptibly();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        // No quiet period: the listening channel is closed and the core stops accepting work anyway.
        var bossDone = boss.shutdownGracefully(0, 5, TimeUnit.SECONDS);
        var workersDone = workers.shutdownGracefully(0, 5, TimeUnit.SECONDS);
        bossDone.syncUninterruptibly();
        workersDone.syncUninterruptibly();
    }
}
