package org.parley.bench.fanout;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.parley.bench.support.Bytes;
import org.parley.bench.support.LeanTransport;
import org.parley.bench.support.LineScanner;

/**
 * One user of an IRC server (RFC 1459/2812 client registration), as lean as {@link LeanReceiver}: registers
 * with NICK and USER, joins the benchmark's channel, answers PING, and scans each PRIVMSG to that channel for
 * the sender's timestamp ({@code t<nanoTime>}, as {@link DeliveryProbe#stamp()} writes it). The yardstick
 * for {@link FanoutBenchmark}: the same load shape and the same clock, on another server's wire.
 *
 * <p>Threads: the channel's event loop; {@link #say} may be called from any thread.
 */
final class IrcUser {

    static final String CHANNEL = "#parleybench";
    private static final byte[] PRIVMSG = Bytes.ascii(" PRIVMSG " + CHANNEL + " :t");
    private static final byte[] PING = Bytes.ascii("PING");

    private final Channel channel;

    private IrcUser(Channel channel) {
        this.channel = channel;
    }

    /** Connects, registers as {@code nick} and joins the channel; completes once the server confirmed the join. */
    static CompletableFuture<IrcUser> join(InetSocketAddress server, LeanTransport transport, String nick,
                                          DeliveryProbe probe) {
        CompletableFuture<IrcUser> joined = new CompletableFuture<>();
        new Bootstrap().group(transport.group()).channel(transport.channel())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new LineScanner() {
                            @Override
                            protected void line(ChannelHandlerContext ctx, ByteBuf buf, int from, int length) {
                                int end = from + length;
                                int at = Bytes.indexOf(buf, PRIVMSG, from, end);
                                if (at >= 0) {
                                    probe.delivered(Bytes.digits(buf, at + PRIVMSG.length, end));
                                } else if (Bytes.regionMatches(buf, from, PING)) {
                                    String token = buf.toString(from + PING.length, length - PING.length,
                                            StandardCharsets.US_ASCII).strip();
                                    send(ctx.channel(), "PONG " + token);
                                } else {
                                    registration(ctx, buf.toString(from, length, StandardCharsets.UTF_8).strip());
                                }
                            }

                            private void registration(ChannelHandlerContext ctx, String line) {
                                String[] words = line.split(" ", 3);
                                String command = words.length > 1 && line.startsWith(":") ? words[1] : words[0];
                                switch (command) {
                                    case "001" -> send(ctx.channel(), "JOIN " + CHANNEL);
                                    case "366" -> joined.complete(new IrcUser(ctx.channel())); // end of NAMES: joined
                                    case "ERROR", "432", "433", "465", "471", "473", "474", "475" -> {
                                        joined.completeExceptionally(new IllegalStateException(nick + ": " + line));
                                        ctx.close();
                                    }
                                    default -> { }
                                }
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext ctx) throws Exception {
                                joined.completeExceptionally(new IllegalStateException(nick + ": connection closed"));
                                super.channelInactive(ctx);
                            }
                        });
                    }
                })
                .connect(server)
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        joined.completeExceptionally(f.cause());
                        return;
                    }
                    send(((ChannelFuture) f).channel(), "NICK " + nick + "\r\nUSER " + nick + " 0 * :parley bench");
                });
        return joined;
    }

    /** One message to the channel: everyone else in it receives it. Completes when written. */
    CompletableFuture<Void> say(String text) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        send(channel, "PRIVMSG " + CHANNEL + " :" + text).addListener(f -> {
            if (f.isSuccess()) {
                written.complete(null);
            } else {
                written.completeExceptionally(f.cause());
            }
        });
        return written;
    }

    void close() {
        channel.close();
    }

    private static ChannelFuture send(Channel channel, String lines) {
        return channel.writeAndFlush(Unpooled.copiedBuffer(lines + "\r\n", StandardCharsets.UTF_8));
    }
}
