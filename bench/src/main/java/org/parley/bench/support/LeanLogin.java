package org.parley.bench.support;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.parley.protocol.ProtocolVersion;

/**
 * A user of the load generator that costs it as little as possible: it logs in with three pipelined
 * lines, then hands every line, where it lies in the read buffer, to a {@link Lines} of the
 * scenario's own, so the generator measures the server rather than a JSON decoder.
 */
public final class LeanLogin {

    private static final byte[] LOGGED_IN = Bytes.ascii("{\"type\":\"logged-in\"");
    private static final byte[] ERROR = Bytes.ascii("{\"type\":\"error\"");

    /** What a lean user does with the lines it gets once logged in; called on its channel's event loop. */
    public interface Lines {
        void line(ChannelHandlerContext ctx, ByteBuf buf, int from, int length);

        /** The end of one read: the moment to flush what the lines wrote. */
        default void readComplete(ChannelHandlerContext ctx) {}
    }

    private LeanLogin() {}

    /** Connects and logs in (registering on first use); completes with the channel once logged in. */
    public static CompletableFuture<Channel> login(Endpoint server, LeanTransport transport, String user, String password,
                                                   Lines afterLogin) {
        CompletableFuture<Channel> loggedIn = new CompletableFuture<>();
        new Bootstrap().group(transport.group()).channel(transport.channel())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (server.tls()) {
                            // The login lines written before the handshake wait in the SslHandler until it is done.
                            ch.pipeline().addLast(server.leanTls().newHandler(ch.alloc(), "127.0.0.1", server.port()));
                        }
                        ch.pipeline().addLast(new LineScanner() {
                            @Override
                            protected void line(ChannelHandlerContext ctx, ByteBuf buf, int from, int length) {
                                if (loggedIn.isDone()) {
                                    afterLogin.line(ctx, buf, from, length);
                                } else if (Bytes.regionMatches(buf, from, LOGGED_IN)) {
                                    loggedIn.complete(ctx.channel());
                                } else if (Bytes.regionMatches(buf, from, ERROR)) {
                                    loggedIn.completeExceptionally(new IllegalStateException(
                                            user + ": " + buf.toString(from, length, StandardCharsets.UTF_8)));
                                    ctx.close();
                                }
                            }

                            @Override
                            public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
                                super.channelReadComplete(ctx);
                                afterLogin.readComplete(ctx);
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext ctx) throws Exception {
                                loggedIn.completeExceptionally(new IllegalStateException(user + ": connection closed"));
                                super.channelInactive(ctx);
                            }
                        });
                    }
                })
                .connect("127.0.0.1", server.port())
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        loggedIn.completeExceptionally(f.cause());
                        return;
                    }
                    Channel ch = ((ChannelFuture) f).channel();
                    String lines = "{\"type\":\"hello\",\"id\":1,\"version\":" + ProtocolVersion.CURRENT + ",\"agent\":\"lean\"}\n"
                            + "{\"type\":\"login-user\",\"id\":2,\"username\":\"" + user + "\"}\n"
                            + "{\"type\":\"login-password\",\"id\":3,\"password\":\"" + password
                            + "\",\"udpPort\":0,\"privatePort\":0}\n";
                    ch.writeAndFlush(Unpooled.copiedBuffer(lines, StandardCharsets.UTF_8));
                });
        return loggedIn;
    }
}
