package org.parley.client.link;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.parley.protocol.LinkFrame;
import org.parley.protocol.Validation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening side of a new connection: the first frame must be a Hello from the peer a token was
 * issued for, within the handshake timeout. Anything else is dropped without a word (an attacker learns
 * nothing), and only this connection is affected. On success the peer is told Ready and the channel
 * becomes a {@link LinkHandler}.
 */
final class AcceptingHandshake extends SimpleChannelInboundHandler<LinkFrame> {

    private static final Logger log = LoggerFactory.getLogger(AcceptingHandshake.class);

    private final String selfName;
    private final ExpectedTokens tokens;
    private final LinkRegistry registry;
    private final PrivateLinkListener listener;
    private final Duration timeout;
    private ScheduledFuture<?> deadline;

    AcceptingHandshake(String selfName, ExpectedTokens tokens, LinkRegistry registry,
                       PrivateLinkListener listener, Duration timeout) {
        this.selfName = selfName;
        this.tokens = tokens;
        this.registry = registry;
        this.listener = listener;
        this.timeout = timeout;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        deadline = ctx.executor().schedule(() -> drop(ctx, "no hello within " + timeout),
                timeout.toNanos(), TimeUnit.NANOSECONDS);
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, LinkFrame frame) {
        if (!(frame instanceof LinkFrame.Hello hello) || !Validation.isValidUsername(hello.from())) {
            drop(ctx, "first frame is not a valid hello");
            return;
        }
        if (!tokens.redeem(hello.from(), hello.token())) {
            drop(ctx, "token from " + hello.from() + " is unknown, used, expired or issued for someone else");
            return;
        }
        PeerLink link = new PeerLink(hello.from(), ctx.channel());
        if (!registry.admitIncoming(link)) {
            drop(ctx, hello.from() + " is already linked");
            return;
        }
        deadline.cancel(false);
        ctx.channel().writeAndFlush(new LinkFrame.Ready(selfName));
        ctx.pipeline().replace(this, "link", new LinkHandler(link, registry, listener));
        listener.linkOpened(link.peer());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.cancel(false);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        drop(ctx, cause.toString());
    }

    private void drop(ChannelHandlerContext ctx, String why) {
        log.debug("dropped private-chat connection from {}: {}", ctx.channel().remoteAddress(), why);
        ctx.close();
    }
}
