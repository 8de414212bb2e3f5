package org.parley.server.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
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

    public static NetServer start(ChatCore core, NetConfig config) throws InterruptedException {
        EventLoopGroup boss = new NioEventLoopGroup(1);
        EventLoopGroup workers = new NioEventLoopGroup();
        try {
            Channel ch = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    // The protocol has no keep-alive frame; TCP's finds peers that vanished without a FIN.
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                    .childHandler(new ServerPipeline(core, config, new ConnectionLimiter(config.maxConnectionsPerAddress())))
                    .bind(config.bind()).sync().channel();
            return new NetServer(ch, boss, workers);
        } catch (RuntimeException | InterruptedException e) {
            boss.shutdownGracefully();
            workers.shutdownGracefully();
            throw e;
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
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
