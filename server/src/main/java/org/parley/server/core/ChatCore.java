package org.parley.server.core;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Event;
import org.parley.protocol.ProtocolVersion;
import org.parley.protocol.Request;
import org.parley.protocol.RequestValidator;
import org.parley.protocol.Response;
import org.parley.protocol.Violation;
import org.parley.server.account.HashingService;
import org.parley.server.account.LoginLockout;
import org.parley.server.account.LoginThrottle;
import org.parley.server.account.RegistrationGate;
import org.parley.server.core.metrics.CoreMetrics;
import org.parley.server.core.bus.ClusterEvent;
import org.parley.server.core.store.Snapshot;
import org.parley.server.core.store.Store;
import org.parley.server.privatechat.PrivateChatTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat server without the network. All chat state is owned by one thread, the core thread: every
 * request, disconnect and timer is a task on it, so the feature services need no locks and see a
 * consistent world. Slow work (password hashing, the database) runs elsewhere and comes back as a task.
 *
 * <p>Callers (the network adapter) use {@link #open}, {@link #receive}, {@link #reject} and
 * {@link #closed} from any thread.
 */
public final class ChatCore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChatCore.class);
    public static final String SHUTDOWN_MESSAGE = "The server is shutting down";

    private final ExecutorService coreThread = Executors.newSingleThreadExecutor(r -> daemon(r, "parley-core"));
    /** The core thread as every task reaches it: a task that throws is logged, not lost. */
    private final Executor onCore = CoreContext.guarded(coreThread);
    private final ScheduledExecutorService timer = timer();
    private final AtomicLong connectionIds = new AtomicLong();
    private final Map<Class<? extends Request>, BiConsumer<Session, Request>> routes = new HashMap<>();
    private final Map<Session, CommandRate> rates = new HashMap<>();
    private final CoreContext ctx;
    private final SessionLifecycle lifecycle;
    /** Cluster mode: requests naming an account this node has not heard of yet wait for the database. */
    private final AccountLookup accountLookup;
    private final IdleTimeouts idle;
    /** Core thread only: set by {@link #announceShutdown}; from then on nobody new logs in. */
    private boolean shuttingDown;
    /** Null in single-node mode. */
    private final ClusterMembership membership;

    /** With the default registration limits ({@link RegistrationGate#withDefaults}). */
    public ChatCore(CoreConfig config, Store store, Snapshot snapshot, HashingService hashing, LoginLockout lockout,
            LoginThrottle throttle, AccountFile accountFile, ActiveUserLog userLog, Fanout fanout, Clock clock) {
        this(config, store, snapshot, hashing, lockout, throttle, RegistrationGate.withDefaults(clock), accountFile,
                userLog, fanout, clock);
    }

    /** Recording no metrics. */
    public ChatCore(CoreConfig config, Store store, Snapshot snapshot, HashingService hashing, LoginLockout lockout,
            LoginThrottle throttle, RegistrationGate registrations, AccountFile accountFile, ActiveUserLog userLog,
            Fanout fanout, Clock clock) {
        this(config, store, snapshot, hashing, lockout, throttle, registrations, accountFile, userLog, fanout, clock,
                CoreMetrics.NONE, null);
    }

    public ChatCore(CoreConfig config, Store store, Snapshot snapshot, HashingService hashing, LoginLockout lockout,
            LoginThrottle throttle, RegistrationGate registrations, AccountFile accountFile, ActiveUserLog userLog,
            Fanout fanout, Clock clock, CoreMetrics metrics) {
        this(config, store, snapshot, hashing, lockout, throttle, registrations, accountFile, userLog, fanout, clock,
                metrics, null);
    }

    public ChatCore(CoreConfig config, Store store, Snapshot snapshot, HashingService hashing, LoginLockout lockout,
            LoginThrottle throttle, RegistrationGate registrations, AccountFile accountFile, ActiveUserLog userLog,
            Fanout fanout, Clock clock, ClusterMode cluster) {
        this(config, store, snapshot, hashing, lockout, throttle, registrations, accountFile, userLog, fanout, clock,
                CoreMetrics.NONE, cluster);
    }

    /**
     * One node of a cluster ({@code cluster} not null): joins it before it returns (lease, claims, bus),
     * and throws {@link java.io.UncheckedIOException} if the bus cannot be reached, since a node cut off
     * from the others must not serve users. {@code cluster} null: the single server, as without it.
     */
    public ChatCore(CoreConfig config, Store store, Snapshot snapshot, HashingService hashing, LoginLockout lockout,
            LoginThrottle throttle, RegistrationGate registrations, AccountFile accountFile, ActiveUserLog userLog,
            Fanout fanout, Clock clock, CoreMetrics metrics, ClusterMode cluster) {
        Presence presence = new Presence();
        ClusterLink link = cluster == null ? ClusterLink.single() : ClusterLink.of(cluster, onCore, metrics);
        this.ctx = new CoreContext(config, store, clock, onCore, presence, new BlockList(snapshot.blocks()),
                new UserLogFeed(userLog, presence, timer, onCore), new InteractionLog(), fanout, metrics, link);
        snapshot.accounts().forEach(a -> ctx.accounts.put(a.username(), a.passwordHash()));
        MessageDelivery delivery = new MessageDelivery(ctx);
        this.lifecycle = new SessionLifecycle(ctx, delivery);
        this.accountLookup = new AccountLookup(ctx);
        this.idle = new IdleTimeouts(ctx, timer, this::timedOut);
        LoginFlow login = new LoginFlow(ctx, lifecycle, hashing, lockout, throttle, registrations, accountFile);
        PresenceQueries presenceQueries = new PresenceQueries(ctx);
        Blocking blocking = new Blocking(ctx);
        DirectMessages messages = new DirectMessages(ctx, delivery);
        InOrderRelease.Later later = this::laterOnCore;
        Broadcasts broadcasts = new Broadcasts(ctx, snapshot.lastBroadcastNumber(), later);
        Rooms rooms = new Rooms(ctx, snapshot, later);
        HistoryReads history = new HistoryReads(ctx, rooms);
        PrivateChatBroker privateChats = new PrivateChatBroker(ctx, timer, new PrivateChatTokens());
        UploadBroker uploads = new UploadBroker(ctx, new UploadTickets());
        lifecycle.onStart(idle::arm);
        lifecycle.onEnd(privateChats);
        lifecycle.onEnd(uploads);
        lifecycle.onEnd((session, how) -> rates.remove(session));
        lifecycle.onEnd((session, how) -> accountLookup.ended(session));

        route(Request.LoginUser.class, login::username);
        route(Request.LoginPassword.class, login::password);
        route(Request.WhoElse.class, presenceQueries::whoElse);
        route(Request.ActiveUsers.class, presenceQueries::activeUsers);
        route(Request.WhoElseSince.class, presenceQueries::whoElseSince);
        route(Request.Block.class, blocking::block);
        route(Request.Unblock.class, blocking::unblock);
        route(Request.SendMessage.class, messages::send);
        route(Request.Ack.class, delivery::ack);
        route(Request.SendBroadcast.class, broadcasts::send);
        route(Request.BuildRoom.class, rooms::build);
        route(Request.SendRoomMessage.class, rooms::send);
        route(Request.ReadHistory.class, history::read);
        route(Request.StartPrivate.class, privateChats::start);
        route(Request.AnswerPrivate.class, privateChats::answer);
        route(Request.PrivateReady.class, privateChats::ready);
        route(Request.ReportLinkRefused.class, privateChats::linkRefused);
        route(Request.AuthorizeUpload.class, uploads::authorize);
        route(Request.ReportActivity.class, (s, r) -> Reply.ok(s, r.id()));
        route(Request.Logout.class, this::logout);
        reportUnrouted();
        if (cluster == null) {
            membership = null;
            return;
        }
        link.on(ClusterEvent.BroadcastCommitted.class, broadcasts::received);
        link.on(ClusterEvent.DirectCommitted.class, messages::received);
        link.on(ClusterEvent.RoomCreated.class, rooms::received);
        link.on(ClusterEvent.RoomMessageCommitted.class, rooms::received);
        link.on(ClusterEvent.BlockChanged.class, blocking::received);
        link.on(ClusterEvent.PrivateAsked.class, privateChats::asked);
        membership = new ClusterMembership(ctx, lifecycle, delivery, broadcasts, rooms, privateChats, uploads);
        try {
            membership.join(timer);
        } catch (java.io.IOException e) {
            close();
            throw new java.io.UncheckedIOException("node " + cluster.nodeId() + " cannot reach the cluster bus ("
                    + cluster.bus().engine() + ")", e);
        }
    }

    /** In cluster mode, whether the bus is connected (readiness); always true for a single server. */
    public boolean clusterConnected() {
        return membership == null || ctx.cluster.mode().bus().connected();
    }

    /** A new connection; its login deadline starts now. */
    public Session open(Outbound out) {
        Session session = new Session(connectionIds.incrementAndGet(), out);
        long deadline = ctx.config.loginDeadline().toMillis();
        // cancelled at login (Session#loggedIn) or at the end: it would otherwise hold every new session
        // in the timer's queue for the whole deadline (BENCHMARKS.md, sessions)
        session.loginDeadline(timer.schedule(() -> onCore.execute(() -> {
            if (session.phase() != Session.Phase.LOGGED_IN && session.phase() != Session.Phase.CLOSED) {
                Reply.error(session, 0, ErrorCode.NOT_LOGGED_IN, "Error. Login took too long");
                lifecycle.end(session, "login deadline passed");
                session.out().close();
            }
        }), deadline, TimeUnit.MILLISECONDS));
        return session;
    }

    public void receive(Session session, Request request) {
        onCore.execute(() -> ctx.handling(session, request.id(), "handling " + request.getClass().getSimpleName(),
                () -> handle(session, request)));
    }

    /** A frame that could not be decoded; answered on the connection, which stays open. */
    public void reject(Session session, long requestId, ErrorCode code, String message) {
        onCore.execute(() -> Reply.error(session, requestId, code, message));
    }

    /** The connection is gone (logout, error or abrupt disconnect): a normal logout (SPEC 8). */
    public void closed(Session session) {
        onCore.execute(() -> ctx.handling(null, 0, "ending the session of " + session,
                () -> lifecycle.end(session, "disconnected")));
    }

    private void handle(Session session, Request request) {
        if (session.phase() == Session.Phase.CLOSED) {
            return;
        }
        ctx.metrics.command(request.getClass());
        if (shuttingDown && !session.isLoggedIn()) {
            // a connection accepted before the port closed, still logging in: told as the others were
            session.out().send(new Event.SessionEnded(Event.SessionEnded.Reason.SHUTDOWN, SHUTDOWN_MESSAGE));
            session.out().close();
            return;
        }
        Optional<Violation> violation = RequestValidator.check(request);
        if (violation.isPresent()) {
            Reply.error(session, request.id(), violation.get().code(), violation.get().message());
            return;
        }
        if (request instanceof Request.Hello hello) {
            greet(session, hello);
            return;
        }
        if (session.phase() == Session.Phase.NEW) {
            Reply.error(session, request.id(), ErrorCode.NOT_LOGGED_IN, "Error. Say hello first");
            return;
        }
        if (request instanceof Request.Ping) {
            // the client's liveness, not the user's: no rate, no idle-timer reset, any phase after hello
            Reply.ok(session, request.id());
            return;
        }
        boolean loginStep = request instanceof Request.LoginUser || request instanceof Request.LoginPassword;
        if (!session.isLoggedIn() && !loginStep) {
            Reply.error(session, request.id(), ErrorCode.NOT_LOGGED_IN, "Error. Please log in first");
            return;
        }
        // Acks are the client's, not the user's: they neither count against the command rate (a big
        // backlog would trip it) nor reset the idle timer.
        if (session.isLoggedIn() && !(request instanceof Request.Ack)) {
            long now = ctx.now();
            CommandRate rate = rates.computeIfAbsent(session,
                    s -> new CommandRate(ctx.config.commandsPerSecond(), ctx.config.commandBurst(), now));
            if (!rate.tryAcquire(now)) {
                Reply.error(session, request.id(), ErrorCode.RATE_LIMITED, "Error. Too many commands; please slow down");
                return;
            }
            session.touch(now);
        }
        BiConsumer<Session, Request> route = routes.get(request.getClass());
        if (route == null) {
            // A type the decoder knows and the core does not: a server bug, answered and logged.
            Reply.internal(session, request.id(), "routing a " + request.getClass().getSimpleName() + " request",
                    new IllegalStateException("no route for " + request.getClass().getName()));
            return;
        }
        if (!ctx.cluster.enabled()) {
            route.accept(session, request); // a single server has every account
            return;
        }
        accountLookup.dispatch(session, request, () -> ctx.handling(session, request.id(),
                "handling " + request.getClass().getSimpleName(), () -> route.accept(session, request)));
    }

    private void greet(Session session, Request.Hello hello) {
        if (session.phase() != Session.Phase.NEW) {
            Reply.error(session, hello.id(), ErrorCode.ALREADY_LOGGED_IN_HERE, "Error. Hello was already said");
            return;
        }
        if (hello.version() != ProtocolVersion.CURRENT) {
            Reply.error(session, hello.id(), ErrorCode.UNSUPPORTED_VERSION,
                    "Error. This server speaks protocol version " + ProtocolVersion.CURRENT + ", the client " + hello.version());
            session.out().close();
            return;
        }
        session.phase(Session.Phase.GREETED);
        if (hello.heartbeat() != null) {
            session.out().expectHeartbeat(java.time.Duration.ofSeconds(hello.heartbeat()));
        }
        session.out().send(new Response.HelloOk(hello.id(), ProtocolVersion.CURRENT, "parley-server", ctx.config.zone().getId()));
    }

    private void logout(Session session, Request.Logout req) {
        session.out().send(new Response.Bye(req.id(), session.username()));
        lifecycle.end(session, SessionLifecycle.LOGGED_OUT);
        session.out().close();
    }

    private void timedOut(Session session) {
        session.out().send(new Event.SessionEnded(Event.SessionEnded.Reason.TIMEOUT,
                "Timeout. You have been logged out due to inactivity"));
        lifecycle.end(session, SessionLifecycle.TIMED_OUT);
        session.out().close();
    }

    /** Says at start which request types would be answered INTERNAL for want of a route. */
    private void reportUnrouted() {
        for (Class<?> type : Request.class.getPermittedSubclasses()) {
            // hello and ping are answered before routing, in every phase
            if (type != Request.Hello.class && type != Request.Ping.class && !routes.containsKey(type)) {
                LOG.error("no route for {} requests: they will be answered INTERNAL", type.getSimpleName());
            }
        }
    }

    /** For tests only: forgets a route, as if a request type had been added to the protocol but not here. */
    void forgetRoute(Class<? extends Request> type) {
        onCore.execute(() -> routes.remove(type));
    }

    @SuppressWarnings("unchecked")
    private <R extends Request> void route(Class<R> type, BiConsumer<Session, R> handler) {
        routes.put(type, (s, r) -> handler.accept(s, (R) r));
    }

    /**
     * The server is stopping on purpose: every logged-in session is told so ({@code session-ended},
     * reason {@code SHUTDOWN}) and its connection closed after the frame, so clients can tell a shutdown
     * from a crash and log in again later. Sessions are not ended here (that would tell every other
     * user, about to be closed too, of each logout); they end as their connections close. A connection
     * that has not logged in yet gets the same notice at its next request instead of a login. Completes
     * once the frames are queued to the connections' I/O threads.
     */
    public CompletableFuture<Void> announceShutdown() {
        CompletableFuture<Void> queued = new CompletableFuture<>();
        try {
            onCore.execute(() -> {
                try {
                    shuttingDown = true;
                    Event.SessionEnded notice = new Event.SessionEnded(Event.SessionEnded.Reason.SHUTDOWN,
                            SHUTDOWN_MESSAGE);
                    for (Session session : ctx.presence.snapshot()) {
                        session.out().send(notice);
                        session.out().close();
                    }
                } finally {
                    queued.complete(null);
                }
            });
        } catch (RejectedExecutionException e) {
            queued.complete(null); // the core is already closed: nobody is left to tell
        }
        return queued;
    }

    /** Where the core's metrics go; the network layer records its slow-reader cut-offs there too. */
    public CoreMetrics metrics() {
        return ctx.metrics;
    }

    /** Number of logged-in users; for tests and the benchmark. Blocks until the core answers. */
    public int onlineCount() {
        try {
            return coreThread.submit(ctx.presence::count).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("core did not answer", e);
        }
    }

    @Override
    public void close() {
        if (membership != null && !coreThread.isShutdown()) {
            // after the sessions' own ends (queued before this), so the rest are given up at once
            try {
                coreThread.submit(membership::leave).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("the core did not leave the cluster in time; the others release its claims when its"
                        + " lease ends", e);
            }
        }
        // The core thread first: session ends still queued schedule userlog rewrites on the timer.
        coreThread.shutdown();
        try {
            coreThread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
    }

    /** A task for the core thread after a delay; dropped once the core is closed (the timer is shut down). */
    private void laterOnCore(long millis, Runnable task) {
        try {
            timer.schedule(() -> onCore.execute(task), millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // the core is closing: no session is left to release anything to
        }
    }

    /** One timer thread; a cancelled task leaves its queue at once instead of when it was due. */
    private static ScheduledExecutorService timer() {
        java.util.concurrent.ScheduledThreadPoolExecutor timer =
                new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> daemon(r, "parley-timer"));
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
