package org.parley.bench.support;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.TimeUnit;

/** Epoll where it loads, as the server uses: NIO connections cost the generator more CPU per frame. */
public record LeanTransport(EventLoopGroup group, Class<? extends SocketChannel> channel) implements AutoCloseable {

    public static LeanTransport best(int threads) {
        return Epoll.isAvailable()
                ? new LeanTransport(new EpollEventLoopGroup(threads), EpollSocketChannel.class)
                : new LeanTransport(new NioEventLoopGroup(threads), NioSocketChannel.class);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
