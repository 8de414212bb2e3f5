package org.parley.client.link;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.parley.protocol.FrameCodec;
import org.parley.protocol.LinkFrame;
import org.parley.protocol.Validation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This client's private-chat links (SPEC 5): the port other clients connect to, and every open link.
 *
 * <p>Flow: the server sends the target {@code PrivateExpect(asker, token)}; the target calls
 * {@link #expect} (synchronous: once it returns, a connect presenting the token is accepted) and tells
 * the server it is ready. The server sends the asker {@code PrivateAccepted(target, host, port, token)};
 * the asker calls {@link #connect}, which says Hello(self, token) and completes when the target answers
 * Ready. From then on either side may {@link #send}, {@link #stop}, or leave with {@link #closeAll}.
 *
 * <p>The listening side trusts nobody until the handshake: a connection that does not present, within
 * {@link LinkSettings#handshakeTimeout()}, a Hello whose token was expected for exactly that name, and
 * not used yet nor expired, is closed silently. Each connection has its own handler, so a dropped one
 * never affects the others. One link per peer: a second link with a linked peer is refused.
 *
 * <p>Thread-safe. Listener callbacks run on event loops (see {@link PrivateLinkListener}).
 * {@link #close()} waits for goodbyes to flush, so do not call it on an event loop.
 */
public final class PrivateLinks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PrivateLinks.class);
    private static final long CLOSE_WAIT_MILLIS = 2_000;

    /** Known once the user has logged in; the port must be bound (and reported) before that. */
    private volatile String selfName;
    private final EventLoopGroup group;
    private final PrivateLinkListener listener;
    private final LinkSettings settings;
    private final FrameCodec<LinkFrame> codec = FrameCodec.linkFrames();
    private final LinkRegistry registry = new LinkRegistry();
    private final ExpectedTokens tokens;
    /** Every socket we own (listening, handshaking, linked), so close() leaves nothing behind. */
    private final ChannelGroup channels = new DefaultChannelGroup("private-links", GlobalEventExecutor.INSTANCE);
    private Channel serverChannel;

    private PrivateLinks(String selfName, EventLoopGroup group, PrivateLinkListener listener, LinkSettings settings) {
        this.selfName = selfName;
        this.group = group;
        this.listener = listener;
        this.settings = settings;
        this.tokens = new ExpectedTokens(settings.tokenLifetime(), settings.maxExpectedTokens(), System::nanoTime);
    }

    /**
     * Binds the private-chat port before the user's name is known (it is reported at login); links are
     * refused until {@link #identify} names this side.
     */
    public static PrivateLinks listen(InetSocketAddress bind, EventLoopGroup group, PrivateLinkListener listener,
                                      LinkSettings settings) {
        PrivateLinks links = new PrivateLinks(null, Objects.requireNonNull(group, "group"),
                Objects.requireNonNull(listener, "listener"), Objects.requireNonNull(settings, "settings"));
        links.bind(Objects.requireNonNull(bind, "bind"));
        return links;
    }

    /** Names this side, once logged in; Hello and Ready frames carry it. */
    public void identify(String name) {
        if (!Validation.isValidUsername(name)) {
            throw new IllegalArgumentException("not a valid username: " + name);
        }
        selfName = name;
    }

    public static PrivateLinks start(String selfName, InetSocketAddress bind, EventLoopGroup group,
                                     PrivateLinkListener listener) {
        return start(selfName, bind, group, listener, LinkSettings.defaults());
    }

    /**
     * Binds the private-chat port ({@code bind} port 0: any free port) on {@code group}, which must be a
     * NIO group.
     *
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static PrivateLinks start(String selfName, InetSocketAddress bind, EventLoopGroup group,
                                     PrivateLinkListener listener, LinkSettings settings) {
        if (!Validation.isValidUsername(selfName)) {
            throw new IllegalArgumentException("not a valid username: " + selfName);
        }
        PrivateLinks links = new PrivateLinks(selfName, Objects.requireNonNull(group, "group"),
                Objects.requireNonNull(listener, "listener"), Objects.requireNonNull(settings, "settings"));
        links.bind(Objects.requireNonNull(bind, "bind"));
        return links;
    }

    private void bind(InetSocketAddress address) {
        ChannelFuture bound = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        if (selfName == null) {
                            ch.close(); // not logged in yet: nobody can have been introduced
                            return;
                        }
                        LinkFraming.install(ch.pipeline(), codec);
                        ch.pipeline().addLast("handshake", new AcceptingHandshake(
                                selfName, tokens, registry, listener, settings.handshakeTimeout()));
                    }
                })
                .bind(address)
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            Throwable cause = bound.cause();
            BindException failure = new BindException("cannot listen for private chats on " + address + ": "
                    + (cause == null ? "unknown error" : cause.getMessage()));
            failure.initCause(cause);
            throw new UncheckedIOException(failure);
        }
        serverChannel = bound.channel();
        channels.add(serverChannel);
    }

    private WriteBufferWaterMark waterMark() {
        int high = settings.maxPendingWriteBytes();
        return new WriteBufferWaterMark(high / 2, high);
    }

    /** The port other clients connect to; report it to the server. */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /**
     * Accept one link from {@code peer} presenting {@code token}, within {@link LinkSettings#tokenLifetime()}.
     * Returns false (and expects nothing) if the argument is malformed or too many tokens are outstanding.
     */
    public boolean expect(String peer, String token) {
        if (!Validation.isValidUsername(peer) || token == null || token.isEmpty()) {
            return false;
        }
        boolean stored = tokens.expect(peer, token);
        if (!stored) {
            log.warn("not expecting a private chat from {}: too many outstanding tokens", peer);
        } else {
            registry.expecting(peer, System.nanoTime() + settings.tokenLifetime().toNanos());
        }
        return stored;
    }

    /**
     * Opens a link to {@code peer} at {@code host:port} with the token the server issued. The future
     * completes when the peer accepts, and fails if a link with that peer exists or is being opened, or
     * the peer refuses, closes, or does not answer within the timeouts.
     */
    public CompletableFuture<Void> connect(String peer, String host, int port, String token) {
        CompletableFuture<Void> opened = new CompletableFuture<>();
        if (!Validation.isValidUsername(peer) || host == null || token == null) {
            opened.completeExceptionally(new IllegalArgumentException("bad private-chat address for " + peer));
            return opened;
        }
        if (selfName == null) {
            opened.completeExceptionally(new IllegalStateException("not logged in yet"));
            return opened;
        }
        if (!registry.reserve(peer)) {
            opened.completeExceptionally(new IllegalStateException(
                    "a private link with " + peer + " is already open or opening, or these links are closed"));
            return opened;
        }
        opened.whenComplete((ok, failure) -> {
            if (failure != null) {
                registry.release(peer);
            }
        });
        new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        LinkFraming.install(ch.pipeline(), codec);
                        ch.pipeline().addLast("handshake", new ConnectingHandshake(
                                selfName, peer, token, registry, listener, settings.handshakeTimeout(), opened));
                    }
                })
                .connect(host, port)
                .addListener((ChannelFuture connected) -> {
                    if (!connected.isSuccess()) {
                        opened.completeExceptionally(connected.cause());
                    }
                });
        return opened;
    }

    /**
     * Sends {@code text} to {@code peer} over the link. A link found dead, or a peer so far behind that
     * {@link LinkSettings#maxPendingWriteBytes()} are queued towards it, is closed and reported once as
     * {@link SendResult#PEER_GONE}.
     */
    public SendResult send(String peer, String text) {
        if (Validation.textProblem(text).isPresent()) {
            return SendResult.INVALID_TEXT;
        }
        PeerLink link = registry.live(peer);
        if (link == null) {
            return registry.takeLost(peer) ? SendResult.PEER_GONE : SendResult.NOT_ENABLED;
        }
        if (!link.isWritable()) {
            if (registry.remove(link)) {
                link.abort();
            }
            return SendResult.PEER_GONE;
        }
        link.send(text);
        return SendResult.SENT;
    }

    /**
     * Stops the chat with {@code peer}: tells it, closes the link, and reports
     * {@link PrivateLinkListener#linkStopped linkStopped(peer, false)}. False when there is no link
     * ({@code Error. No private messaging with <user>}).
     */
    public boolean stop(String peer) {
        PeerLink link = registry.removePeer(peer);
        if (link == null) {
            return false;
        }
        link.close(LinkFrame.Close.Reason.STOPPED);
        listener.linkStopped(peer, false);
        return true;
    }

    /**
     * Ends every link with a goodbye giving {@code reason} (LOGOUT on logout), abandons links still being
     * opened and forgets expected tokens. No listener callbacks. The future completes when every link is
     * closed.
     */
    public CompletableFuture<Void> closeAll(LinkFrame.Close.Reason reason) {
        Objects.requireNonNull(reason, "reason");
        tokens.clear();
        List<PeerLink> links = registry.removeAll();
        CompletableFuture<?>[] closed = links.stream()
                .map(link -> toCompletable(link.close(reason)))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(closed);
    }

    /**
     * Waits, at most {@code timeout}, for the link with {@code peer} that is being set up (its token is
     * expected here, or a connect to it is under way): true once it is open. False at once when there
     * is no such link, or as soon as its set-up fails. Blocks: not for an event loop.
     */
    public boolean awaitLink(String peer, Duration timeout) {
        CompletableFuture<Boolean> opened = registry.whenOpen(peer, System.nanoTime());
        if (opened == null) {
            return false;
        }
        try {
            return opened.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    public boolean hasLink(String peer) {
        return registry.has(peer);
    }

    /** Peers with an open link. */
    public Set<String> peers() {
        return registry.peers();
    }

    /**
     * Says goodbye (LOGOUT) to any peer still linked, stops listening and closes every socket, waiting a
     * bounded time for the goodbyes to leave. Further links are refused.
     */
    @Override
    public void close() {
        registry.shutDown();
        CompletableFuture<Void> goodbyes = closeAll(LinkFrame.Close.Reason.LOGOUT);
        try {
            goodbyes.get(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.debug("private links did not close cleanly: {}", e.toString());
        }
        channels.close().awaitUninterruptibly(CLOSE_WAIT_MILLIS);
    }

    private static CompletableFuture<Void> toCompletable(ChannelFuture future) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        future.addListener(f -> done.complete(null));
        return done;
    }
}
