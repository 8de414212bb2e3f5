package org.parley.client.link;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.parley.protocol.LinkFrame;
import org.parley.protocol.Validation;
import org.parley.tls.Fingerprint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening side of a new connection, behind the TLS handler. TLS has already refused any client
 * whose certificate is not one this client was told to expect (see {@link ExpectedTokens#fingerprints});
 * then the first frame must be a Hello from the peer a token was issued for, with the token issued
 * together with the very certificate this connection presented, all within the handshake timeout
 * (which covers the TLS handshake too). Anything else is dropped without a word (an attacker learns
 * nothing), logged once at debug and counted, and only this connection is affected. On success the
 * peer is told Ready and the channel becomes a {@link LinkHandler}.
 *
 * <p>One instance per connection, used on that connection's event loop only.
 */
final class AcceptingHandshake extends SimpleChannelInboundHandler<LinkFrame> {

    private static final Logger log = LoggerFactory.getLogger(AcceptingHandshake.class);

    private final String selfName;
    private final ExpectedTokens tokens;
    private final LinkRegistry registry;
    private final PrivateLinkListener listener;
    private final Duration timeout;
    private final Runnable refused;
    private ScheduledFuture<?> deadline;
    private boolean dropped;

    AcceptingHandshake(String selfName, ExpectedTokens tokens, LinkRegistry registry,
                       PrivateLinkListener listener, Duration timeout, Runnable refused) {
        this.selfName = selfName;
        this.tokens = tokens;
        this.registry = registry;
        this.listener = listener;
        this.timeout = timeout;
        this.refused = refused;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        deadline = ctx.executor().schedule(() -> drop(ctx, "no hello within " + timeout),
                timeout.toNanos(), TimeUnit.NANOSECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
            drop(ctx, "TLS handshake failed: " + done.cause());
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, LinkFrame frame) {
        if (!(frame instanceof LinkFrame.Hello hello) || !Validation.isValidUsername(hello.from())) {
            drop(ctx, "first frame is not a valid hello");
            return;
        }
        Fingerprint presented = peerCertificate(ctx);
        if (presented == null) {
            drop(ctx, "no verified client certificate");
            return;
        }
        if (!tokens.redeem(hello.from(), hello.token(), presented)) {
            drop(ctx, "token from " + hello.from() + " is unknown, used, expired, or issued for another peer or"
                    + " another certificate than " + presented);
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
        listener.linkOpened(link.peer(), presented);
    }

    /** The fingerprint of the certificate TLS verified for this connection, or null if there is none. */
    private static Fingerprint peerCertificate(ChannelHandlerContext ctx) {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        if (tls == null) {
            return null;
        }
        try {
            Certificate[] chain = tls.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? Fingerprint.of(leaf) : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
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

    /** A failed TLS handshake reports itself twice (an event and an exception): one log line, one count. */
    private void drop(ChannelHandlerContext ctx, String why) {
        if (dropped) {
            return;
        }
        dropped = true;
        if (deadline != null) {
            deadline.cancel(false);
        }
        refused.run();
        log.debug("dropped private-chat connection from {}: {}", ctx.channel().remoteAddress(), why);
        ctx.close();
    }
}
