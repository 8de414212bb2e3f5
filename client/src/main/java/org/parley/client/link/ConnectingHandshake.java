package org.parley.client.link;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.parley.protocol.LinkFrame;
import org.parley.protocol.LinkRefusal;
import org.parley.tls.Fingerprint;
import org.parley.tls.UnexpectedPeerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connecting side of a new link, behind the TLS handler whose trust manager accepts only the
 * target's fingerprint: once TLS is up, say Hello with the token and wait for Ready from the very peer
 * we meant to reach. Completes {@code opened} on success; fails it if TLS refuses the peer's key (or the
 * peer refuses ours), the peer closes, answers anything else, or stays silent past the timeout (which
 * covers the TLS handshake too). A refused key fails it with a {@link LinkRefusedException} whose message
 * is the one line to show the user.
 *
 * <p>One instance per connection, used on that connection's event loop only.
 */
final class ConnectingHandshake extends SimpleChannelInboundHandler<LinkFrame> {

    private static final Logger log = LoggerFactory.getLogger(ConnectingHandshake.class);

    private final String selfName;
    private final String peer;
    private final String token;
    private final Fingerprint self;
    private final Fingerprint expected;
    private final LinkRegistry registry;
    private final PrivateLinkListener listener;
    private final Duration timeout;
    private final CompletableFuture<Void> opened;
    private ScheduledFuture<?> deadline;

    ConnectingHandshake(String selfName, String peer, String token, Fingerprint self, Fingerprint expected,
                        LinkRegistry registry, PrivateLinkListener listener, Duration timeout,
                        CompletableFuture<Void> opened) {
        this.selfName = selfName;
        this.peer = peer;
        this.token = token;
        this.self = self;
        this.expected = expected;
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
        ctx.fireChannelActive();
    }

    /** The token goes out only inside TLS, to the peer whose key we were given. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                ctx.writeAndFlush(new LinkFrame.Hello(selfName, token));
            } else {
                fail(ctx, done.cause());
            }
            return;
        }
        super.userEventTriggered(ctx, event);
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
        listener.linkOpened(peer, expected);
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
        if (deadline != null) {
            deadline.cancel(false);
        }
        Throwable reported = explain(cause);
        if (!opened.isDone()) {
            log.debug("private link to {} failed: {}", peer, cause.toString());
        }
        opened.completeExceptionally(reported);
        ctx.close();
    }

    /** TLS failures in words a user can act on; anything else as it came. */
    private Throwable explain(Throwable cause) {
        UnexpectedPeerException wrongKey = find(cause, UnexpectedPeerException.class);
        if (wrongKey != null) {
            return new LinkRefusedException(peer + "'s private port presented the key " + wrongKey.presented()
                    + ", not " + expected + " that the server gave for " + peer
                    + "; link refused (someone may be in between: compare fingerprints with " + peer + ")",
                    LinkRefusal.WRONG_KEY);
        }
        if (find(cause, NotSslRecordException.class) != null) {
            return new LinkRefusedException(peer + "'s private port does not speak TLS; link refused", null);
        }
        SSLException tls = find(cause, SSLException.class);
        if (tls != null && String.valueOf(tls.getMessage()).contains("alert")) {
            return new LinkRefusedException(peer + "'s client refused this client's key " + self
                    + " (it was given another one, or no longer expects this link); link refused", LinkRefusal.KEY_REFUSED);
        }
        return cause;
    }

    private static <T extends Throwable> T find(Throwable cause, Class<T> type) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
