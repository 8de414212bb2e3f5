package org.parley.server.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.function.IntFunction;

/**
 * Linux's epoll where Netty's native library loads, NIO elsewhere. Epoll writes straight from the
 * buffers' memory addresses, without the per-write ByteBuffer views NIO needs, which is most of the
 * user-space cost of a fan-out delivery. {@code -Dio.netty.transport.noNative=true} forces NIO.
 */
record Transport(IntFunction<EventLoopGroup> groups, Class<? extends ServerChannel> serverChannel) {

    static Transport best() {
        if (Epoll.isAvailable()) {
            return new Transport(EpollEventLoopGroup::new, EpollServerSocketChannel.class);
        }
        return new Transport(NioEventLoopGroup::new, NioServerSocketChannel.class);
    }

    EventLoopGroup newGroup(int threads) {
        return groups.apply(threads);
    }
}
