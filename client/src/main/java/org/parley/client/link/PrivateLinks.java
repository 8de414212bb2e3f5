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
import io.netty.handler.ssl.SslContext;
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
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLException;
import org.parley.protocol.FrameCodec;
import org.parley.protocol.LinkFrame;
import org.parley.protocol.Validation;
import org.parley.tls.Fingerprint;
import org.parley.tls.PinnedTrustManager;
import org.parley.tls.TlsContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This client's private-chat links (SPEC 5): the port other clients connect to, and every open link.
 * Every link is mutually authenticated TLS (JSSE, the policy of {@link TlsContexts}): this client makes a
 * key pair and self-signed certificate when it starts, keeps them in memory only, and tells the server
 * their {@link #fingerprint} with its private-chat requests and acceptances; the server hands each side
 * the other's.
 *
 * <p>Flow: the server sends the target {@code PrivateExpect(asker, token, askerFingerprint)}; the target
 * calls {@link #expect} (synchronous: once it returns, a connect from that certificate presenting the
 * token is accepted) and tells the server it is ready. The server sends the asker
 * {@code PrivateAccepted(target, host, port, token, targetFingerprint)}; the asker calls {@link #connect},
 * which opens TLS trusting only that fingerprint, says Hello(self, token) inside it and completes when the
 * target answers Ready. From then on either side may {@link #send}, {@link #stop}, or leave with
 * {@link #closeAll}.
 *
 * <p>The listening side trusts nobody until the handshake: its TLS layer accepts only client certificates
 * whose fingerprint it was given for a live expectation, and then the connection must present, within
 * {@link LinkSettings#handshakeTimeout()}, a Hello whose token was expected for exactly that name and that
 * certificate, and not used yet nor expired. Any other connection (no certificate, another certificate,
 * plain TCP, garbage, silence) is closed without a word, logged once at debug and counted
 * ({@link #refusedConnections}). Each connection has its own handler, so a dropped one never affects the
 * others. One link per peer: a second link with a linked peer is refused.
 *
 * <p>Thread-safe. Listener callbacks run on event loops (see {@link PrivateLinkListener}).
 * {@link #close()} waits for goodbyes to flush, so do not call it on an event loop.
 */
public final class PrivateLinks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PrivateLinks.class);
    private static final long CLOSE_WAIT_MILLIS = 2_000;
    /**
     * Peers pin the certificate by fingerprint and ignore its dates; this only has to outlast any one run
     * of the client.
     */
    private static final Duration KEY_VALIDITY = Duration.ofDays(3650);

    /** Known once the user has logged in; the port must be bound (and reported) before that. */
    private volatile String selfName;
    private final EventLoopGroup group;
    private final PrivateLinkListener listener;
    private final LinkSettings settings;
    private final FrameCodec<LinkFrame> codec = FrameCodec.linkFrames();
    private final LinkRegistry registry = new LinkRegistry();
    private final ExpectedTokens tokens;
    /**
     * This client's link key and certificate (never written anywhere) and the listening context, which
     * trusts exactly the certificates of live expectations, re-read at each handshake: made at first need.
     */
    private final LinkKeys keys;
    private final LongAdder refused = new LongAdder();
    /** Every socket we own (listening, handshaking, linked), so close() leaves nothing behind. */
    private final ChannelGroup channels = new DefaultChannelGroup("private-links", GlobalEventExecutor.INSTANCE);
    private Channel serverChannel;

    private PrivateLinks(String selfName, EventLoopGroup group, PrivateLinkListener listener, LinkSettings settings) {
        this.selfName = selfName;
        this.group = group;
        this.listener = listener;
        this.settings = settings;
        this.tokens = new ExpectedTokens(settings.tokenLifetime(), settings.maxExpectedTokens(), System::nanoTime);
        this.keys = new LinkKeys(KEY_VALIDITY, tokens::fingerprints);
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
                        ch.pipeline().addLast("tls", keys.get().listener().newHandler(ch.alloc()));
                        LinkFraming.install(ch.pipeline(), codec);
                        ch.pipeline().addLast("handshake", new AcceptingHandshake(
                                selfName, tokens, registry, listener, settings.handshakeTimeout(), refused::increment));
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

    /** The fingerprint of this client's link certificate: what the server hands to the peers it links with. */
    public Fingerprint fingerprint() {
        return keys.get().identity().fingerprint();
    }

    /**
     * Connections to the private-chat port dropped before they became a link: strangers, wrong or missing
     * certificates, bad tokens, plain TCP, garbage, silence.
     */
    public long refusedConnections() {
        return refused.sum();
    }

    /**
     * Accept one link from {@code peer} over TLS with the certificate {@code fingerprint}, presenting
     * {@code token}, within {@link LinkSettings#tokenLifetime()}. Returns false (and expects nothing) if an
     * argument is malformed (a fingerprint must pass {@link Validation#isFingerprint}) or too many tokens
     * are outstanding.
     */
    public boolean expect(String peer, String token, String fingerprint) {
        if (!Validation.isValidUsername(peer) || token == null || token.isEmpty()
                || !Validation.isFingerprint(fingerprint)) {
            return false;
        }
        boolean stored = tokens.expect(peer, token, new Fingerprint(fingerprint));
        if (!stored) {
            log.warn("not expecting a private chat from {}: too many outstanding tokens", peer);
        } else {
            registry.expecting(peer, System.nanoTime() + settings.tokenLifetime().toNanos());
        }
        return stored;
    }

    /**
     * Opens a TLS link to {@code peer} at {@code host:port}, trusting only the certificate
     * {@code fingerprint}, with the token the server issued. The future completes when the peer accepts,
     * and fails if a link with that peer exists or is being opened, or the peer's key is not
     * {@code fingerprint} or it refuses ours ({@link LinkRefusedException}), or the peer closes, or does
     * not answer within the timeouts.
     */
    public CompletableFuture<Void> connect(String peer, String host, int port, String token, String fingerprint) {
        CompletableFuture<Void> opened = new CompletableFuture<>();
        if (!Validation.isValidUsername(peer) || host == null || token == null) {
            opened.completeExceptionally(new IllegalArgumentException("bad private-chat address for " + peer));
            return opened;
        }
        if (!Validation.isFingerprint(fingerprint)) {
            opened.completeExceptionally(new LinkRefusedException(
                    "the server sent no valid key fingerprint for " + peer + "; link refused", null));
            return opened;
        }
        Fingerprint expected = new Fingerprint(fingerprint);
        SslContext tls;
        try {
            // One context per link: it trusts this one peer's certificate and nothing else.
            tls = TlsContexts.mutualClient(keys.get().identity(), PinnedTrustManager.of(expected));
        } catch (SSLException e) {
            opened.completeExceptionally(e);
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
                        ch.pipeline().addLast("tls", tls.newHandler(ch.alloc(), host, port));
                        LinkFraming.install(ch.pipeline(), codec);
                        ch.pipeline().addLast("handshake", new ConnectingHandshake(selfName, peer, token,
                                fingerprint(), expected, registry, listener, settings.handshakeTimeout(), opened));
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
     * The link from {@code peer} that this client was told to expect was refused (the server relayed
     * {@code private-link-refused}): its token is withdrawn, and commands waiting for that link stop
     * waiting at once instead of for the token's lifetime.
     */
    public void forgetExpected(String peer) {
        tokens.forget(peer);
        registry.notExpecting(peer);
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
