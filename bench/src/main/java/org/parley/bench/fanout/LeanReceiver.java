package org.parley.bench.fanout;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.parley.protocol.ProtocolVersion;

/**
 * A receiving user that costs the load generator as little as possible: it logs in with three
 * pipelined lines, then only scans each pushed line for the sender's timestamp instead of decoding
 * JSON, so the generator measures the server rather than itself. Senders still use the real client.
 */
final class LeanReceiver {

    private static final byte[] BROADCAST = "{\"type\":\"broadcast-received\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STAMP = "\"text\":\"t".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LOGGED_IN = "\"type\":\"logged-in\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR = "\"type\":\"error\"".getBytes(StandardCharsets.US_ASCII);

    private LeanReceiver() {}

    /** Epoll where it loads, as the server uses: NIO receivers cost the generator more CPU per delivery. */
    record Transport(EventLoopGroup group, Class<? extends SocketChannel> channel) implements AutoCloseable {

        static Transport best(int threads) {
            return Epoll.isAvailable()
                    ? new Transport(new EpollEventLoopGroup(threads), EpollSocketChannel.class)
                    : new Transport(new NioEventLoopGroup(threads), NioSocketChannel.class);
        }

        @Override
        public void close() {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Connects and logs in (registering on first use); completes with the channel once logged in. */
    static CompletableFuture<Channel> login(int port, Transport transport, String user, String password,
                                            DeliveryProbe probe) {
        CompletableFuture<Channel> loggedIn = new CompletableFuture<>();
        new Bootstrap().group(transport.group()).channel(transport.channel())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new LineScanner() {
                            @Override
                            void line(ChannelHandlerContext ctx, ByteBuf buf, int from, int length) {
                                if (loggedIn.isDone()) {
                                    scan(buf, from, length, probe);
                                } else if (indexOf(buf, LOGGED_IN, from, from + length) >= 0) {
                                    loggedIn.complete(ctx.channel());
                                } else if (indexOf(buf, ERROR, from, from + length) >= 0) {
                                    loggedIn.completeExceptionally(new IllegalStateException(
                                            user + ": " + buf.toString(from, length, StandardCharsets.UTF_8)));
                                    ctx.close();
                                }
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext ctx) {
                                loggedIn.completeExceptionally(new IllegalStateException(user + ": connection closed"));
                            }
                        });
                    }
                })
                .connect("127.0.0.1", port)
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        loggedIn.completeExceptionally(f.cause());
                        return;
                    }
                    Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
                    String lines = "{\"type\":\"hello\",\"id\":1,\"version\":" + ProtocolVersion.CURRENT + ",\"agent\":\"lean\"}\n"
                            + "{\"type\":\"login-user\",\"id\":2,\"username\":\"" + user + "\"}\n"
                            + "{\"type\":\"login-password\",\"id\":3,\"password\":\"" + password + "\",\"udpPort\":0,\"privatePort\":0}\n";
                    ch.writeAndFlush(Unpooled.copiedBuffer(lines, StandardCharsets.UTF_8));
                });
        return loggedIn;
    }

    /** Records one delivery if the line is a benchmark broadcast: {@code "text":"t<nanoTime>"}. */
    static void scan(ByteBuf line, DeliveryProbe probe) {
        scan(line, line.readerIndex(), line.readableBytes(), probe);
    }

    static void scan(ByteBuf buf, int from, int length, DeliveryProbe probe) {
        // The codec writes the type first, so one comparison at a fixed place rules out other frames.
        if (length < BROADCAST.length || !regionMatches(buf, from, BROADCAST)) {
            return;
        }
        int end = from + length;
        int at = indexOf(buf, STAMP, from + BROADCAST.length, end);
        if (at < 0) {
            return;
        }
        long sent = 0;
        for (int i = at + STAMP.length; i < end; i++) {
            byte b = buf.getByte(i);
            if (b < '0' || b > '9') {
                break;
            }
            sent = sent * 10 + (b - '0');
        }
        probe.delivered(sent);
    }

    /** Where {@code needle} starts in {@code [from, to)}, or -1; skips ahead by its rarest byte ('x' of "text"). */
    private static int indexOf(ByteBuf haystack, byte[] needle, int from, int to) {
        int anchor = anchorOf(needle);
        for (int i = from + anchor; i < to; ) {
            int hit = haystack.indexOf(i, to, needle[anchor]);
            if (hit < 0) {
                return -1;
            }
            int start = hit - anchor;
            if (start >= from && start + needle.length <= to && regionMatches(haystack, start, needle)) {
                return start;
            }
            i = hit + 1;
        }
        return -1;
    }

    private static int anchorOf(byte[] needle) {
        for (int i = 0; i < needle.length; i++) {
            if (needle[i] == 'x') {
                return i;
            }
        }
        return needle.length - 1;
    }

    private static boolean regionMatches(ByteBuf buf, int at, byte[] expected) {
        if (at + expected.length > buf.writerIndex()) {
            return false;
        }
        for (int j = 0; j < expected.length; j++) {
            if (buf.getByte(at + j) != expected[j]) {
                return false;
            }
        }
        return true;
    }
}
