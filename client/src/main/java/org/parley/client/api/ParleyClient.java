package org.parley.client.api;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.net.InetSocketAddress;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.parley.client.connection.DefaultSecurity;
import org.parley.client.connection.Handshake;
import org.parley.client.connection.ServerSecurity;
import org.parley.client.connection.TlsConnectException;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Event;
import org.parley.protocol.Frame;
import org.parley.protocol.HistoryCursor;
import org.parley.protocol.HistoryItem;
import org.parley.protocol.HistoryKind;
import org.parley.protocol.Limits;
import org.parley.protocol.ProtocolVersion;
import org.parley.protocol.LinkRefusal;
import org.parley.protocol.Request;
import org.parley.protocol.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A headless connection to a Parley server: one method per request, each returning a future of the
 * protocol's typed response, plus a listener for pushed events.
 *
 * <p>Requests carry ids from a per-client counter; responses are matched by id, so they may arrive in any
 * order. A refused request completes its future with {@link ServerErrorException} (code and the exact
 * line to show); an unanswered one with {@link RequestTimeoutException}; every pending future fails with
 * {@link ConnectionLostException} when the connection closes. All methods are thread-safe.
 *
 * <p>Direct messages are acknowledged to the server ({@link Request.Ack}) once the listeners have them,
 * one ack per read burst; one the server sends again (its delivery mark was lost to a dropped
 * connection or a crash) is dropped by id ({@link ReceivedMessages}) and acknowledged again.
 *
 * <p>Many clients can share one NIO {@link EventLoopGroup} (the load generator runs thousands); per
 * client there is only the channel, a small map of pending requests and the listener list. The shared
 * group belongs to the caller; a client that created its own group shuts it down when it closes.
 */
public final class ParleyClient implements AutoCloseable {

    public static final String AGENT = "parley-client/0.1";
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    /**
     * A quiet connection sends a {@code ping} this often, and one from which nothing arrived (not even
     * the answers to those pings) for {@link #SILENCE_HEARTBEATS} of them is taken for lost: a network
     * that vanished without closing the connection (a dropped Wi-Fi, a suspended laptop) is noticed
     * within a minute and a half instead of never, and the server, told this heartbeat in hello, ends
     * the session it would otherwise keep, logged in, for hours.
     */
    public static final Duration HEARTBEAT = Duration.ofSeconds(30);
    private static final int SILENCE_HEARTBEATS = 3;
    /** Errors after which the server closes the connection: that close is the answer, not a loss. */
    private static final Set<ErrorCode> SESSION_ENDING_ERRORS = EnumSet.of(ErrorCode.ACCOUNT_BLOCKED,
            ErrorCode.ACCOUNT_BLOCKED_NOW, ErrorCode.UNSUPPORTED_VERSION, ErrorCode.FRAME_TOO_LONG,
            ErrorCode.TLS_REQUIRED);
    private static final Logger LOG = LoggerFactory.getLogger(ParleyClient.class);
    /** First pause before asking again for a history page refused for the command rate; it doubles. */
    private static final long HISTORY_RETRY_PAUSE_MILLIS = 50;
    private static final long HISTORY_RETRY_MAX_PAUSE_MILLIS = 1_600;

    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final long requestTimeoutNanos;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, PendingRequest<?, ?>> pending = new ConcurrentHashMap<>();
    private final List<ClientListener> listeners = new CopyOnWriteArrayList<>();
    private volatile Channel channel;
    private volatile ZoneId serverZone = ZoneId.systemDefault();
    private volatile String username;
    private volatile boolean closed;
    /** Set when the server said the session is over (bye, session-ended) or we closed: the close is expected. */
    private volatile boolean ending;
    private volatile Throwable failure;
    private final ReceivedMessages received;
    /** Ids received in the current read burst, acknowledged at its end; touched on the event loop only. */
    private final List<Long> toAck = new ArrayList<>();

    private final Duration heartbeat;
    /** The server as lines name it: {@code host:port}. */
    private final String server;

    private ParleyClient(EventLoopGroup group, boolean ownsGroup, Duration requestTimeout, ReceivedMessages received,
                         Duration heartbeat, String server) {
        this.heartbeat = heartbeat;
        this.server = server;
        this.group = group;
        this.ownsGroup = ownsGroup;
        this.requestTimeoutNanos = requestTimeout.toNanos();
        this.received = received;
    }

    /**
     * Connects with a private one-thread event loop and the default request timeout, and says hello.
     * Without a {@link ServerSecurity}, connections are TLS with trust on first use in this user's
     * {@code ~/.parley/known_servers} ({@link DefaultSecurity}).
     */
    public static CompletableFuture<ParleyClient> connect(String host, int port) {
        return connect(host, port, null, DEFAULT_REQUEST_TIMEOUT);
    }

    /** Connects on a shared NIO event-loop group (not shut down by {@link #close()}), and says hello. */
    public static CompletableFuture<ParleyClient> connect(String host, int port, EventLoopGroup group) {
        return connect(host, port, group, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * Connects and says hello; the future completes once the server accepted the hello (its zone is then
     * known). {@code group} null means a private one-thread group owned by this client.
     */
    public static CompletableFuture<ParleyClient> connect(String host, int port, EventLoopGroup group,
                                                          Duration requestTimeout) {
        return connect(host, port, group, requestTimeout, new ReceivedMessages());
    }

    /**
     * As {@link #connect(String, int, EventLoopGroup, Duration)}, remembering received direct messages in
     * {@code received}: give the same one to the next connection of the same user, and messages the
     * server sends again (it had not committed this connection's ack) are dropped there too.
     */
    public static CompletableFuture<ParleyClient> connect(String host, int port, EventLoopGroup group,
                                                          Duration requestTimeout, ReceivedMessages received) {
        return connect(host, port, group, requestTimeout, received, DefaultSecurity.get());
    }

    /**
     * As {@link #connect(String, int, EventLoopGroup, Duration, ReceivedMessages)}, secured by
     * {@code security}: the TLS handshake (or nothing, for plain TCP) comes before the hello, and a
     * refused server certificate fails the future with a {@link TlsConnectException} whose message is
     * the line to show.
     */
    public static CompletableFuture<ParleyClient> connect(String host, int port, EventLoopGroup group,
                                                          Duration requestTimeout, ReceivedMessages received,
                                                          ServerSecurity security) {
        return connect(host, port, group, requestTimeout, received, security, HEARTBEAT);
    }

    /** As above with another {@link #HEARTBEAT} (whole seconds, at least one): for tests. */
    static CompletableFuture<ParleyClient> connect(String host, int port, EventLoopGroup group, Duration requestTimeout,
                                                   ReceivedMessages received, ServerSecurity security,
                                                   Duration heartbeat) {
        return open(host, port, null, null, group, requestTimeout, received, security, heartbeat);
    }

    /**
     * As {@link #connect(String, int, EventLoopGroup, Duration, ReceivedMessages, ServerSecurity)}, to
     * one of the addresses {@code host} resolved to: the socket goes to {@code remote}, while TLS checks
     * the certificate against {@code host} (and the known-servers file keys on {@code host:port}).
     * {@code label} is how lines name this server ({@link #server()}).
     */
    public static CompletableFuture<ParleyClient> connect(String host, InetSocketAddress remote, String label,
                                                          EventLoopGroup group, Duration requestTimeout,
                                                          ReceivedMessages received, ServerSecurity security) {
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(label, "label");
        return open(host, remote.getPort(), remote, label, group, requestTimeout, received, security, HEARTBEAT);
    }

    private static CompletableFuture<ParleyClient> open(String host, int port, InetSocketAddress remote, String label,
                                                        EventLoopGroup group, Duration requestTimeout,
                                                        ReceivedMessages received, ServerSecurity security,
                                                        Duration heartbeat) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(received, "received");
        boolean owns = group == null;
        EventLoopGroup loop = owns ? new NioEventLoopGroup(1) : group;
        ParleyClient client = new ParleyClient(loop, owns, requestTimeout, received, heartbeat,
                label != null ? label : (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
        CompletableFuture<ParleyClient> connected = new CompletableFuture<>();
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .handler(client.new Initializer(security, host, port));
        (remote != null ? bootstrap.connect(remote) : bootstrap.connect(host, port)).addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                client.shutdownGroup();
                connected.completeExceptionally(f.cause());
                return;
            }
            client.channel = f.channel();
            Handshake.of(f.channel(), host, port).thenCompose(secured -> client.hello()).whenComplete((ok, error) -> {
                if (error != null) {
                    client.close();
                    connected.completeExceptionally(error instanceof java.util.concurrent.CompletionException
                            && error.getCause() != null ? error.getCause() : error);
                } else {
                    connected.complete(client);
                }
            });
        });
        return connected;
    }

    /** The server this connection goes to, as lines to the user name it: {@code host:port}. */
    public String server() {
        return server;
    }

    /** The server's time zone (SPEC 4.4): show and read every timestamp in it. */
    public ZoneId serverZone() {
        return serverZone;
    }

    /** The name this client logged in as, once logged in. */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    public boolean isOpen() {
        Channel ch = channel;
        return !closed && ch != null && ch.isActive();
    }

    public void addListener(ClientListener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    public void removeListener(ClientListener listener) {
        listeners.remove(listener);
    }

    /** Login step one: which password prompt to show, or an error (already logged in, invalid user, throttled). */
    public CompletableFuture<Response.LoginPrompt.Prompt> loginUser(String user) {
        return request(id -> new Request.LoginUser(id, user), Response.LoginPrompt.class,
                Response.LoginPrompt::prompt);
    }

    /**
     * Login step two; completes with the username the server logged in. Ports are where this client takes
     * uploads (UDP) and private-chat links (TCP), 0 when it does not.
     */
    public CompletableFuture<String> loginPassword(String password, int udpPort, int privatePort) {
        return request(id -> new Request.LoginPassword(id, password, udpPort, privatePort), Response.LoggedIn.class,
                loggedIn -> {
                    username = loggedIn.username();
                    return loggedIn.username();
                });
    }

    public CompletableFuture<Response.MessageSent> message(String to, String text) {
        return request(id -> new Request.SendMessage(id, to, text), Response.MessageSent.class);
    }

    public CompletableFuture<Response.BroadcastSent> broadcast(String text) {
        return request(id -> new Request.SendBroadcast(id, text), Response.BroadcastSent.class);
    }

    public CompletableFuture<Response.UserList> whoElse() {
        return request(Request.WhoElse::new, Response.UserList.class);
    }

    public CompletableFuture<Response.UserList> whoElseSince(long seconds) {
        return request(id -> new Request.WhoElseSince(id, seconds), Response.UserList.class);
    }

    public CompletableFuture<Response.ActiveUserList> activeUsers() {
        return request(Request.ActiveUsers::new, Response.ActiveUserList.class);
    }

    public CompletableFuture<Response.Ok> block(String user) {
        return request(id -> new Request.Block(id, user), Response.Ok.class);
    }

    public CompletableFuture<Response.Ok> unblock(String user) {
        return request(id -> new Request.Unblock(id, user), Response.Ok.class);
    }

    public CompletableFuture<Response.RoomBuilt> buildRoom(List<String> users) {
        List<String> copy = List.copyOf(users);
        return request(id -> new Request.BuildRoom(id, copy), Response.RoomBuilt.class);
    }

    public CompletableFuture<Response.RoomMessageSent> roomMessage(long roomId, String text) {
        return request(id -> new Request.SendRoomMessage(id, roomId, text), Response.RoomMessageSent.class);
    }

    /**
     * One page of the messages strictly after {@code since}: the first with {@code after} null, then
     * each with the previous page's {@link Response.History#next()}, for as long as it says
     * {@link Response.History#more()}. A long listing is many requests in a row, so a page the server
     * refuses with {@code RATE_LIMITED} is asked again after a pause (a few times, each longer).
     */
    public CompletableFuture<Response.History> readHistoryPage(HistoryKind kind, Instant since, HistoryCursor after) {
        long millis = since.toEpochMilli();
        return withRateRetries(() -> request(id -> new Request.ReadHistory(id, kind, millis, after),
                Response.History.class), HISTORY_RETRY_PAUSE_MILLIS);
    }

    /**
     * Every page in turn, each handed to {@code onPage} as it arrives (on the connection's event loop;
     * the next page is asked for only after it returns), so a history of any size costs one page of
     * memory. Completes with the number of items once the last page has been handed over, or fails as
     * the failing page request did.
     */
    public CompletableFuture<Long> readHistoryPages(HistoryKind kind, Instant since,
                                                    Consumer<Response.History> onPage) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        nextHistoryPage(kind, since, null, 0, onPage, done);
        return done;
    }

    /**
     * Every message strictly after {@code since}, all pages gathered into one {@link Response.History}
     * (the id of the first page, {@code more} false). It holds the whole history in memory: for small
     * histories and tests; {@link #readHistoryPages} reads any size.
     */
    public CompletableFuture<Response.History> readHistory(HistoryKind kind, Instant since) {
        List<HistoryItem> items = new ArrayList<>();
        AtomicReference<Response.History> first = new AtomicReference<>();
        AtomicReference<Response.History> last = new AtomicReference<>();
        return readHistoryPages(kind, since, page -> {
            first.compareAndSet(null, page);
            last.set(page);
            items.addAll(page.items());
        }).thenApply(count -> new Response.History(first.get().id(), kind, List.copyOf(items), false,
                last.get().next()));
    }

    private void nextHistoryPage(HistoryKind kind, Instant since, HistoryCursor after, long count,
                                 Consumer<Response.History> onPage, CompletableFuture<Long> done) {
        readHistoryPage(kind, since, after).whenComplete((page, err) -> {
            if (err != null) {
                done.completeExceptionally(err instanceof CompletionException && err.getCause() != null
                        ? err.getCause() : err);
                return;
            }
            try {
                onPage.accept(page);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
                return;
            }
            long total = count + page.items().size();
            if (!page.more()) {
                done.complete(total);
            } else if (page.next() == null || page.next().equals(after)) {
                done.completeExceptionally(new UnexpectedResponseException(
                        "the server said more history follows but gave no new cursor"));
            } else {
                nextHistoryPage(kind, since, page.next(), total, onPage, done);
            }
        });
    }

    /** The request, asked again after a pause (doubling) while it is refused with {@code RATE_LIMITED}. */
    private <T> CompletableFuture<T> withRateRetries(Supplier<CompletableFuture<T>> send, long pauseMillis) {
        CompletableFuture<T> result = new CompletableFuture<>();
        send.get().whenComplete((value, err) -> {
            Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            Channel ch = channel;
            if (cause instanceof ServerErrorException refused && refused.code() == ErrorCode.RATE_LIMITED
                    && pauseMillis <= HISTORY_RETRY_MAX_PAUSE_MILLIS && ch != null && !closed) {
                try {
                    ch.eventLoop().schedule(() -> withRateRetries(send, pauseMillis * 2).whenComplete((v, e) -> {
                        if (e != null) {
                            result.completeExceptionally(e);
                        } else {
                            result.complete(v);
                        }
                    }), pauseMillis, TimeUnit.MILLISECONDS);
                    return;
                } catch (RejectedExecutionException e) {
                    // the connection's loop is gone: report the refusal
                }
            }
            if (cause != null) {
                result.completeExceptionally(cause);
            } else {
                result.complete(value);
            }
        });
        return result;
    }

    /**
     * Ask {@code user} for a private chat; the answer arrives as an event. {@code linkFingerprint} is the
     * fingerprint of this client's private-link certificate, which the server hands to {@code user}.
     */
    public CompletableFuture<Response.Ok> startPrivate(String user, String linkFingerprint) {
        return request(id -> new Request.StartPrivate(id, user, linkFingerprint), Response.Ok.class);
    }

    /** Answer {@code user}'s question; an acceptance carries this client's link fingerprint (null for a decline). */
    public CompletableFuture<Response.Ok> answerPrivate(String user, boolean accept, String linkFingerprint) {
        return request(id -> new Request.AnswerPrivate(id, user, accept, linkFingerprint), Response.Ok.class);
    }

    /** The target of a private chat is ready for the asker's link (after {@link org.parley.protocol.Event.PrivateExpect}). */
    public CompletableFuture<Response.Ok> privateReady(String user) {
        return request(id -> new Request.PrivateReady(id, user), Response.Ok.class);
    }

    /**
     * The link to {@code user}, to whom the server introduced this client, was refused over a certificate;
     * the server tells {@code user} (whose client cannot know who the refused connection was).
     */
    public CompletableFuture<Response.Ok> reportLinkRefused(String user, LinkRefusal reason) {
        return request(id -> new Request.ReportLinkRefused(id, user, reason), Response.Ok.class);
    }

    /** Tell the server this user is active in a private chat (resets its idle timer, reveals no content). */
    public CompletableFuture<Response.Ok> reportActivity() {
        return request(Request.ReportActivity::new, Response.Ok.class);
    }

    public CompletableFuture<Response.UploadTicket> authorizeUpload(String user, String fileName, long size,
                                                                   String sha256) {
        return request(id -> new Request.AuthorizeUpload(id, user, fileName, size, sha256),
                Response.UploadTicket.class);
    }

    /** Logs out; once the bye arrives the connection's close is expected and not reported as lost. */
    public CompletableFuture<Response.Bye> logout() {
        return request(Request.Logout::new, Response.Bye.class);
    }

    /** Closes the connection; pending requests fail, listeners are not told of a lost connection. */
    @Override
    public void close() {
        ending = true;
        Channel ch = channel;
        if (ch == null) {
            shutdownGroup();
        } else if (!closed) {
            try {
                ch.close();
            } catch (RejectedExecutionException e) {
                // the connection closed meanwhile and its private event loop is already gone
            }
        }
    }

    /** Heartbeats the server answered: the connection's liveness, for diagnostics and tests. */
    public long heartbeatsAnswered() {
        return heartbeatsAnswered.get();
    }

    private final java.util.concurrent.atomic.AtomicLong heartbeatsAnswered = new java.util.concurrent.atomic.AtomicLong();

    private void ping() {
        request(Request.Ping::new, Response.Ok.class, ok -> ok).whenComplete((ok, error) -> {
            if (error == null) {
                heartbeatsAnswered.incrementAndGet();
            } else {
                // a lost connection is reported by the close itself; nothing more to say here
                LOG.debug("heartbeat not answered: {}", error.toString());
            }
        });
    }

    private CompletableFuture<Response.HelloOk> hello() {
        return request(id -> new Request.Hello(id, ProtocolVersion.CURRENT, AGENT, (int) heartbeat.toSeconds()),
                Response.HelloOk.class,
                ok -> {
                    serverZone = zoneOf(ok.zone());
                    return ok;
                });
    }

    private <R extends Response> CompletableFuture<R> request(LongFunction<Request> make, Class<R> expected) {
        return request(make, expected, Function.identity());
    }

    private <R extends Response, T> CompletableFuture<T> request(LongFunction<Request> make, Class<R> expected,
                                                                 Function<R, T> result) {
        long id = ids.incrementAndGet();
        Request request = make.apply(id);
        PendingRequest<R, T> waiting = new PendingRequest<>(request.getClass().getSimpleName(), expected, result);
        Channel ch = channel;
        if (ch == null || closed) {
            waiting.fail(lost());
            return waiting.future();
        }
        pending.put(id, waiting);
        // the connection may have closed between the check and the put; whoever removes the entry fails it
        if (closed && pending.remove(id, waiting)) {
            waiting.fail(lost());
            return waiting.future();
        }
        waiting.timeout(ch.eventLoop().schedule(() -> {
            if (pending.remove(id, waiting)) {
                waiting.fail(new RequestTimeoutException("the server did not answer " + waiting.requestName()
                        + " in time"));
            }
        }, requestTimeoutNanos, TimeUnit.NANOSECONDS));
        ch.writeAndFlush(request).addListener(f -> {
            if (!f.isSuccess() && pending.remove(id, waiting)) {
                waiting.fail(new ConnectionLostException("could not send " + waiting.requestName(), f.cause()));
            }
        });
        return waiting.future();
    }

    private void onFrame(Frame frame) {
        if (frame instanceof Response response) {
            onResponse(response);
        } else if (frame instanceof Event event) {
            onEvent(event);
        } else {
            LOG.warn("ignoring a request frame sent by the server: {}", frame.getClass().getSimpleName());
        }
    }

    private void onResponse(Response response) {
        if (response instanceof Response.Bye
                || response instanceof Response.Error error && SESSION_ENDING_ERRORS.contains(error.code())) {
            ending = true;
        }
        PendingRequest<?, ?> waiting = pending.remove(response.id());
        if (waiting != null) {
            if (response instanceof Response.LoggedIn loggedIn) {
                listeners.forEach(l -> notify(l, () -> l.onLoggedIn(loggedIn.username())));
            }
            waiting.complete(response);
        } else if (response instanceof Response.Error error) {
            listeners.forEach(l -> notify(l, () -> l.onUnsolicitedError(error)));
        } else {
            LOG.warn("ignoring a response to no pending request: id {}", response.id());
        }
    }

    private void onEvent(Event event) {
        if (event instanceof Event.SessionEnded) {
            ending = true;
        }
        if (event instanceof Event.MessageReceived m) {
            // acknowledged after the listeners have it (end of this read burst), and even when it is a
            // duplicate: the server sent it again because it never got or never committed the first ack
            toAck.add(m.messageId());
            if (!received.firstTime(m.messageId())) {
                LOG.debug("dropping direct message {}: already received", m.messageId());
                return;
            }
        }
        listeners.forEach(l -> notify(l, () -> l.onEvent(event)));
    }

    /** At the end of a read burst: one ack for every direct message it brought (in chunks of the limit). */
    private void sendAcks(ChannelHandlerContext ctx) {
        if (toAck.isEmpty()) {
            return;
        }
        for (int from = 0; from < toAck.size(); from += Limits.MAX_ACK_IDS) {
            List<Long> chunk = List.copyOf(toAck.subList(from, Math.min(toAck.size(), from + Limits.MAX_ACK_IDS)));
            // not a pending request: an accepted ack is not answered (a refused one reaches onUnsolicitedError)
            ctx.write(new Request.Ack(ids.incrementAndGet(), chunk), ctx.voidPromise());
        }
        toAck.clear();
        ctx.flush();
    }

    private void onClosed() {
        closed = true;
        ConnectionLostException lost = lost();
        pending.keySet().forEach(id -> {
            PendingRequest<?, ?> waiting = pending.remove(id);
            if (waiting != null) {
                waiting.fail(lost);
            }
        });
        if (!ending) {
            Throwable cause = failure != null ? failure : lost;
            listeners.forEach(l -> notify(l, () -> l.onConnectionLost(cause)));
        }
        shutdownGroup();
    }

    private ConnectionLostException lost() {
        return new ConnectionLostException("connection to the server lost", failure);
    }

    private void shutdownGroup() {
        if (ownsGroup) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static void notify(ClientListener listener, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.error("a client listener failed", e);
        }
    }

    private static ZoneId zoneOf(String zone) {
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException | NullPointerException e) {
            LOG.warn("server sent an unknown time zone '{}', showing times in this machine's zone", zone);
            return ZoneId.systemDefault();
        }
    }

    private final class Initializer extends ChannelInitializer<SocketChannel> {
        private final ServerSecurity security;
        private final String host;
        private final int port;

        Initializer(ServerSecurity security, String host, int port) {
            this.security = security;
            this.host = host;
            this.port = port;
        }

        @Override
        protected void initChannel(SocketChannel ch) {
            security.newHandler(ch.alloc(), host, port).ifPresent(ssl -> ch.pipeline().addLast(Handshake.SSL, ssl));
            ch.pipeline()
                    .addLast("heartbeat", new IdleStateHandler(heartbeat.toSeconds() * SILENCE_HEARTBEATS,
                            heartbeat.toSeconds(), 0, TimeUnit.SECONDS))
                    .addLast(new LineBasedFrameDecoder(Limits.MAX_FRAME_BYTES))
                    .addLast(Wire.DECODER)
                    .addLast(Wire.ENCODER)
                    .addLast(new Handler());
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<Frame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
            onFrame(frame);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            sendAcks(ctx);
            ctx.fireChannelReadComplete();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            onClosed();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.WRITER_IDLE) {
                ping();
            } else if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
                failure = new ConnectionLostException("the server sent nothing for "
                        + heartbeat.toSeconds() * SILENCE_HEARTBEATS + " s", null);
                LOG.debug("closing the connection to the server: {}", failure.getMessage());
                ctx.close();
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // a frame over the limit or an I/O error: the stream can no longer be trusted
            LOG.debug("closing the connection to the server", cause);
            failure = cause;
            ctx.close();
        }
    }
}
