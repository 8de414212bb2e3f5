package org.parley.server.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import org.parley.server.core.ChatCore;

/**
 * The web port: the page, and the same chat protocol over a WebSocket. It runs on the chat port's
 * event loops ({@link NetServer}), so a web session costs no threads of its own; close it before them.
 */
public final class WebServer implements AutoCloseable {

    /** The web port could not be bound (the chat port was): says which of the two failed. */
    public static final class WebPortUnavailable extends BindException {
        private static final long serialVersionUID = 1L;

        WebPortUnavailable(InetSocketAddress bind, String reason) {
            super("cannot listen on " + bind.getHostString() + ":" + bind.getPort() + " for the web client: " + reason
                    + " (--web-port sets another port, --web-port 0 none)");
        }
    }

    private final Channel channel;

    private WebServer(Channel channel) {
        this.channel = channel;
    }

    /**
     * Listens on {@code config.bind()}. {@code tls} is the server's TLS context (https and wss), or null
     * for plain http and ws.
     */
    public static WebServer start(ChatCore core, NetConfig config, SslContext tls, NetServer loops)
            throws InterruptedException, BindException {
        WebAssets assets = WebAssets.load();
        try {
            Channel ch = new ServerBootstrap()
                    .group(loops.boss(), loops.workers())
                    .channel(Transport.best().serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                    .childOption(ChannelOption.RCVBUF_ALLOCATOR, NetServer.READS)
                    .childHandler(new WebPipeline(core, config,
                            new ConnectionLimiter(config.maxConnectionsPerAddress()), tls, assets))
                    .bind(config.bind()).sync().channel();
            return new WebServer(ch);
        } catch (Exception e) { // sync() rethrows checked exceptions without declaring them
            if (e instanceof InterruptedException || e instanceof RuntimeException) {
                throw e;
            }
            if (e instanceof IOException) { // BindException under NIO, an IOException of its own under epoll
                String reason = String.valueOf(e.getMessage()).replaceFirst("^bind\\(\\.\\.\\) failed: ", "");
                throw (BindException) new WebPortUnavailable(config.bind(), reason).initCause(e);
            }
            throw new IllegalStateException(e);
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Stops listening; open web connections close with the event loops. */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }
}
