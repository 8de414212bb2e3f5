package org.parley.client.link;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.parley.protocol.LinkFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connecting side of a new link: say Hello with the token, wait for Ready from the very peer we
 * meant to reach. Completes {@code opened} on success; fails it if the peer closes, answers anything
 * else, or stays silent past the timeout.
 */
final class ConnectingHandshake extends SimpleChannelInboundHandler<LinkFrame> {

    private static final Logger log = LoggerFactory.getLogger(ConnectingHandshake.class);

    private final String selfName;
    private final String peer;
    private final String token;
    private final LinkRegistry registry;
    private final PrivateLinkListener listener;
    private final Duration timeout;
    private final CompletableFuture<Void> opened;
    private ScheduledFuture<?> deadline;

    ConnectingHandshake(String selfName, String peer, String token, LinkRegistry registry,
                        PrivateLinkListener listener, Duration timeout, CompletableFuture<Void> opened) {
        this.selfName = selfName;
        this.peer = peer;
        this.token = token;
        this.registry = registry;
        this.listener = listener;
        this.timeout = timeout;
        this.opened = opened;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        deadline = ctx.executor().schedule(
                () -> fail(ctx, new TimeoutException(peer + " did not answer within " + timeout)),
                timeout.toNanos(), TimeUnit.NANOSECONDS);
        ctx.writeAndFlush(new LinkFrame.Hello(selfName, token));
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, LinkFrame frame) {
        if (!(frame instanceof LinkFrame.Ready ready) || !peer.equals(ready.user())) {
            fail(ctx, new IOException("unexpected answer from " + peer + "'s address: " + frame));
            return;
        }
        PeerLink link = new PeerLink(peer, ctx.channel());
        if (!registry.admitOutgoing(link)) {
            fail(ctx, new IllegalStateException("the link with " + peer + " was withdrawn while connecting"));
            return;
        }
        deadline.cancel(false);
        ctx.pipeline().replace(this, "link", new LinkHandler(link, registry, listener));
        listener.linkOpened(peer);
        opened.complete(null);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.cancel(false);
        }
        opened.completeExceptionally(new IOException(peer + " closed the connection before accepting it"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause);
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("private link to {} failed: {}", peer, cause.toString());
        opened.completeExceptionally(cause);
        ctx.close();
    }
}
