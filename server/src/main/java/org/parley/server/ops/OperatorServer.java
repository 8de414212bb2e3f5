package org.parley.server.ops;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The operator's HTTP port ({@code --metrics-port}): metrics, health and readiness for Prometheus and
 * a load balancer, on Netty's HTTP codec. It has one event loop of its own, apart from the chat
 * loops, so a probe is answered however busy the chat is and is never a chat connection's neighbour;
 * it listens on loopback unless the operator says otherwise ({@code --metrics-bind}), since the
 * metrics tell how busy the server is and who need not know that.
 *
 * <p>Concurrency: started and closed by the server's start and close; requests run on its one loop.
 */
public final class OperatorServer implements AutoCloseable {

    /** A request bigger than this (a probe has no body) is refused by the aggregator. */
    private static final int MAX_REQUEST_BYTES = 8 * 1024;
    /** A connection that sends nothing for this long is closed, so idle probes do not pile up. */
    private static final int IDLE_SECONDS = 30;

    private final EventLoopGroup loop;
    private final Channel channel;

    private OperatorServer(EventLoopGroup loop, Channel channel) {
        this.loop = loop;
        this.channel = channel;
    }

    /** Listens on {@code bind}; {@code metrics} gives the Prometheus text at each scrape. */
    public static OperatorServer start(InetSocketAddress bind, Supplier<String> metrics, Readiness readiness)
            throws InterruptedException, BindException {
        EventLoopGroup loop = new NioEventLoopGroup(1, runnable -> {
            Thread t = new Thread(runnable, "parley-operator");
            t.setDaemon(true);
            return t;
        });
        try {
            Channel ch = new ServerBootstrap()
                    .group(loop)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new ReadTimeoutHandler(IDLE_SECONDS),
                                    new HttpServerCodec(), new HttpObjectAggregator(MAX_REQUEST_BYTES),
                                    new OperatorHandler(metrics, readiness));
                        }
                    })
                    .bind(bind).sync().channel();
            return new OperatorServer(loop, ch);
        } catch (Exception e) { // sync() rethrows checked exceptions without declaring them
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            if (e instanceof InterruptedException || e instanceof RuntimeException) {
                throw e;
            }
            if (e instanceof IOException) {
                throw (BindException) new OperatorPortUnavailable(bind, String.valueOf(e.getMessage())).initCause(e);
            }
            throw new IllegalStateException(e);
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Stops listening and closes its connections. Idempotent. */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** The operator port could not be bound; the message says which and how to choose another. */
    public static final class OperatorPortUnavailable extends BindException {
        private static final long serialVersionUID = 1L;

        OperatorPortUnavailable(InetSocketAddress bind, String reason) {
            super("cannot listen on " + bind.getHostString() + ":" + bind.getPort() + " for the operator port: "
                    + reason + " (--metrics-port sets another port, --metrics-port 0 none)");
        }
    }
}
