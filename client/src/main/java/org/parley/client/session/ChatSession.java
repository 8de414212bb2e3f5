package org.parley.client.session;

import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.parley.client.api.ClientListener;
import org.parley.client.api.ConnectionLostException;
import org.parley.client.api.ParleyClient;
import org.parley.client.api.ReceivedMessages;
import org.parley.client.api.RequestTimeoutException;
import org.parley.client.api.ServerErrorException;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Event;
import org.parley.protocol.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One user's session with the server, across connections: the headless layer any front end (the
 * terminal shell, a web client) uses instead of a bare {@link ParleyClient}. It logs in once with the
 * credentials the user gives; when the connection is then lost (server killed, restarted or stopped on
 * purpose, network gone) it connects again by itself with jittered exponential backoff
 * ({@link ReconnectPolicy}) and logs in again with the credentials it holds in memory (never written
 * anywhere). The server re-sends at that login the direct messages not yet acknowledged; they are
 * dropped by id with one {@link ReceivedMessages} shared by every connection of the session.
 *
 * <p>A refusal that will not change by waiting (wrong password, blocked or vanished account) ends the
 * session; one that may ("already logged in" while the server has not yet noticed the dead connection,
 * throttling) is retried. A logout, a session the server ended (idle timeout), {@link #close()}, or the
 * end of {@link ReconnectPolicy#giveUpAfter()} ends it for good. What happens is told to
 * {@link SessionListener}s; events of whichever connection is current go to {@link ClientListener}s,
 * except {@link ClientListener#onConnectionLost} (a {@link SessionState} instead) and the
 * {@code onLoggedIn} of a reconnect ({@link SessionState.Reconnected} instead).
 *
 * <p>Concurrency: the connection fields and flags are guarded by this object's lock, held only for
 * short decisions and never while calling out. Reconnect attempts run one at a time, started from the
 * session's own scheduler thread; every {@link SessionState} except {@code Reconnected} is told on that
 * thread, so listeners see them in order. {@code Reconnected} is told on the new connection's event loop
 * before any event that follows the login (re-sent messages), so a front end shows it first.
 */
public final class ChatSession implements AutoCloseable {

    /** The line for a request made while reconnecting. */
    public static final String NOT_CONNECTED = "Error. Not connected to the server; reconnecting...";
    public static final String CONNECTION_LOST = "Connection to the server lost";
    static final String CANNOT_CONNECT = "Cannot connect to the server";
    static final String NO_ANSWER = "The server did not answer";
    /** Refusals that waiting can change: the old session still looks alive, or logins come too fast. */
    private static final Set<ErrorCode> RETRYABLE = EnumSet.of(ErrorCode.ALREADY_LOGGED_IN, ErrorCode.THROTTLED,
            ErrorCode.RATE_LIMITED, ErrorCode.INTERNAL, ErrorCode.NOT_LOGGED_IN);
    private static final Logger LOG = LoggerFactory.getLogger(ChatSession.class);

    private record Credentials(String user, String password, int udpPort, int privatePort) {
        @Override
        public String toString() {
            return "Credentials[" + user + ", <hidden>, udp " + udpPort + ", private " + privatePort + "]";
        }
    }

    private final ServerConnector connector;
    private final ReconnectPolicy policy;
    private final Backoff backoff;
    private final LongSupplier nanoTime;
    private final ReceivedMessages received;
    private final List<ClientListener> clientListeners = new CopyOnWriteArrayList<>();
    private final List<SessionListener> sessionListeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "parley-reconnect");
        t.setDaemon(true);
        return t;
    });
    private volatile ZoneId zone = ZoneId.systemDefault();

    // guarded by this
    /** The connection requests go to; null while reconnecting. */
    private ParleyClient current;
    /** A reconnect attempt's connection, until it has logged in. */
    private ParleyClient candidate;
    private boolean loggedIn;
    private Credentials pending;
    private Credentials credentials;
    private boolean loggingOut;
    /** Never reconnect again: logged out, ended, or closed. */
    private boolean over;
    private int attempt;
    private long giveUpAtNanos;
    private ScheduledFuture<?> nextAttempt;

    ChatSession(ServerConnector connector, ReconnectPolicy policy, Backoff backoff, LongSupplier nanoTime,
                ReceivedMessages received) {
        this.connector = connector;
        this.policy = policy;
        this.backoff = backoff;
        this.nanoTime = nanoTime;
        this.received = received;
    }

    /** Connects (no retry: a server that is not there at start is an error to show) and says hello. */
    public static CompletableFuture<ChatSession> open(ServerConnector connector, ReconnectPolicy policy) {
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(policy, "policy");
        ChatSession session = new ChatSession(connector, policy, new Backoff(policy.firstDelay(), policy.maxDelay()),
                System::nanoTime, new ReceivedMessages());
        CompletableFuture<ParleyClient> connected;
        try {
            connected = connector.connect(session.received);
        } catch (RuntimeException e) {
            connected = CompletableFuture.failedFuture(e);
        }
        return connected.handle((client, err) -> {
            if (err != null) {
                session.close();
                throw err instanceof CompletionException ce ? ce : new CompletionException(err);
            }
            session.adopt(client);
            return session;
        });
    }

    /** A session over a client already connected, which never reconnects: for front ends tested alone. */
    public static ChatSession withoutReconnect(ParleyClient connected) {
        ChatSession session = new ChatSession(received -> CompletableFuture.failedFuture(
                new IllegalStateException("this session does not reconnect")), ReconnectPolicy.never(),
                new Backoff(ReconnectPolicy.DEFAULT_FIRST_DELAY, ReconnectPolicy.DEFAULT_MAX_DELAY), System::nanoTime,
                new ReceivedMessages());
        session.adopt(connected);
        return session;
    }

    private void adopt(ParleyClient client) {
        synchronized (this) {
            current = client;
        }
        zone = client.serverZone();
        client.addListener(new Relay(client));
        if (!client.isOpen()) {
            lost(client, CONNECTION_LOST, "Error. " + CONNECTION_LOST);
        }
    }

    public void addListener(ClientListener listener) {
        clientListeners.add(Objects.requireNonNull(listener));
    }

    public void removeListener(ClientListener listener) {
        clientListeners.remove(listener);
    }

    public void addSessionListener(SessionListener listener) {
        sessionListeners.add(Objects.requireNonNull(listener));
    }

    public void removeSessionListener(SessionListener listener) {
        sessionListeners.remove(listener);
    }

    /** The server's time zone, as the latest connection said. */
    public ZoneId serverZone() {
        return zone;
    }

    /** The user this session logged in as, once it has. */
    public synchronized Optional<String> username() {
        return Optional.ofNullable(credentials).map(Credentials::user);
    }

    /** True while a logged-in connection carries requests. */
    public synchronized boolean isConnected() {
        return loggedIn && current != null;
    }

    /** True once the session can carry no more requests: ended, logged out or closed. */
    public synchronized boolean isOver() {
        return over;
    }

    /** True when a lost connection now would be followed by a reconnect. */
    public synchronized boolean willReconnect() {
        return credentials != null && policy.enabled() && !over && !loggingOut;
    }

    /** Login step one, on the first connection. */
    public CompletableFuture<Response.LoginPrompt.Prompt> loginUser(String user) {
        return first(c -> c.loginUser(user));
    }

    /**
     * Login step two, on the first connection. Once it succeeds the session keeps these credentials in
     * memory, to log in again after a lost connection.
     */
    public CompletableFuture<String> loginPassword(String password, int udpPort, int privatePort) {
        return first(c -> {
            synchronized (this) {
                pending = new Credentials(null, password, udpPort, privatePort);
            }
            return c.loginPassword(password, udpPort, privatePort);
        });
    }

    /**
     * Runs one request on the logged-in connection, or fails at once with {@link NotConnectedException}
     * while there is none (reconnecting, or the session is over).
     */
    public <T> CompletableFuture<T> call(Function<ParleyClient, CompletableFuture<T>> request) {
        ParleyClient client;
        boolean reconnecting;
        synchronized (this) {
            client = loggedIn ? current : null;
            reconnecting = !over;
        }
        if (client == null) {
            return CompletableFuture.failedFuture(new NotConnectedException(reconnecting ? NOT_CONNECTED
                    : "Error. Not connected to the server"));
        }
        return request.apply(client);
    }

    /**
     * Logs out and never reconnects. Without a logged-in connection (reconnecting) it just stops trying
     * and fails with {@link NotConnectedException}: there is nobody to say goodbye to.
     */
    public CompletableFuture<Response.Bye> logout() {
        ParleyClient client;
        synchronized (this) {
            loggingOut = true;
            client = loggedIn ? current : null;
        }
        if (client != null) {
            return client.logout().whenComplete((bye, err) -> {
                if (bye != null) {
                    synchronized (this) {
                        over = true;
                    }
                }
            });
        }
        stopReconnecting();
        return CompletableFuture.failedFuture(new NotConnectedException("Error. Not connected to the server"));
    }

    /** Ends the session: no more reconnects, the connection (if any) closed without a logout. */
    @Override
    public void close() {
        stopReconnecting();
        ParleyClient client;
        synchronized (this) {
            client = current;
            current = null;
            loggedIn = false;
        }
        if (client != null) {
            client.close();
        }
        retries.shutdownNow();
    }

    private void stopReconnecting() {
        ScheduledFuture<?> next;
        ParleyClient attempting;
        synchronized (this) {
            over = true;
            next = nextAttempt;
            nextAttempt = null;
            attempting = candidate;
            candidate = null;
        }
        if (next != null) {
            next.cancel(false);
        }
        if (attempting != null) {
            attempting.close();
        }
    }

    private <T> CompletableFuture<T> first(Function<ParleyClient, CompletableFuture<T>> request) {
        ParleyClient client;
        synchronized (this) {
            client = current;
        }
        if (client == null) {
            return CompletableFuture.failedFuture(new ConnectionLostException("connection to the server lost", null));
        }
        return request.apply(client);
    }

    /** {@code client}'s connection ended without a logout; {@code reason} to show, {@code endLine} if it ends the session. */
    private void lost(ParleyClient client, String reason, String endLine) {
        SessionState next = null;
        synchronized (this) {
            if (client != current || over) {
                return;
            }
            current = null;
            loggedIn = false;
            if (loggingOut) {
                over = true; // the logout's own failure tells the front end
            } else if (credentials == null || !policy.enabled()) {
                over = true;
                next = new SessionState.Ended(SessionState.Ended.Reason.LOST, endLine);
            } else {
                attempt = 0;
                giveUpAtNanos = nanoTime.getAsLong() + policy.giveUpAfter().toNanos();
                next = scheduleLocked(reason);
            }
        }
        client.close();
        tell(next);
    }

    /** The next attempt, or giving up once the time is spent. Caller holds the lock. */
    private SessionState scheduleLocked(String reason) {
        attempt++;
        long left = giveUpAtNanos - nanoTime.getAsLong();
        if (left <= 0) {
            over = true;
            return new SessionState.Ended(SessionState.Ended.Reason.GAVE_UP, "Error. Could not reconnect to the server"
                    + " within " + shown(policy.giveUpAfter()) + " (" + reason + "); giving up");
        }
        Duration delay = backoff.delay(attempt);
        if (delay.toNanos() > left) {
            delay = Duration.ofNanos(left);
        }
        try {
            nextAttempt = retries.schedule(this::attemptNow, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            over = true; // closed meanwhile
            return null;
        }
        return new SessionState.Reconnecting(attempt, delay, reason);
    }

    /** On the scheduler thread: connect, hello, and log in with the kept credentials. */
    private void attemptNow() {
        Credentials creds;
        synchronized (this) {
            if (over) {
                return;
            }
            nextAttempt = null;
            creds = credentials;
        }
        CompletableFuture<ParleyClient> connecting;
        try {
            connecting = connector.connect(received);
        } catch (RuntimeException e) {
            connecting = CompletableFuture.failedFuture(e);
        }
        connecting.whenComplete((client, err) -> {
            if (err != null) {
                LOG.debug("reconnect attempt failed", err);
                if (unwrap(err) instanceof org.parley.client.connection.TlsConnectException refused
                        && refused.lasting()) {
                    // a server key that changed, or stopped matching the pin, will not come right by
                    // waiting, and must not be retried (or hopped over to another server) until the user
                    // looks away: end with its line
                    end(null, refused.getMessage());
                    return;
                }
                retry(null, CANNOT_CONNECT);
                return;
            }
            boolean wanted;
            synchronized (this) {
                wanted = !over;
                if (wanted) {
                    candidate = client;
                }
            }
            if (!wanted) {
                client.close();
                return;
            }
            client.addListener(new Relay(client));
            client.loginUser(creds.user())
                    .thenCompose(prompt -> prompt == Response.LoginPrompt.Prompt.PASSWORD
                            ? client.loginPassword(creds.password(), creds.udpPort(), creds.privatePort())
                            : CompletableFuture.failedFuture(new AccountGone()))
                    .whenComplete((name, loginErr) -> {
                        if (loginErr != null) {
                            loginFailed(client, creds.user(), unwrap(loginErr));
                        }
                    });
        });
    }

    private void loginFailed(ParleyClient client, String user, Throwable cause) {
        if (cause instanceof AccountGone) {
            end(client, "Error. Could not log in again as " + user + ": the server no longer has this account");
        } else if (cause instanceof ServerErrorException refused && !RETRYABLE.contains(refused.code())) {
            end(client, "Error. Could not log in again as " + user + ": " + refused.getMessage());
        } else {
            retry(client, cause instanceof ServerErrorException refused ? refused.getMessage()
                    : cause instanceof RequestTimeoutException ? NO_ANSWER
                    : cause instanceof ConnectionLostException ? CONNECTION_LOST : CANNOT_CONNECT);
        }
    }

    private void retry(ParleyClient failed, String reason) {
        SessionState next = null;
        synchronized (this) {
            if (failed == null || candidate == failed) {
                candidate = null;
                if (!over) {
                    next = scheduleLocked(reason);
                }
            }
        }
        if (failed != null) {
            failed.close();
        }
        tell(next);
    }

    private void end(ParleyClient failed, String line) {
        boolean mine;
        synchronized (this) {
            mine = candidate == failed && !over;
            if (mine) {
                candidate = null;
                over = true;
            }
        }
        if (failed != null) {
            failed.close();
        }
        if (mine) {
            tell(new SessionState.Ended(SessionState.Ended.Reason.REFUSED, line));
        }
    }

    /** Tells the state on the scheduler thread, so that states reach listeners in the order they happened. */
    private void tell(SessionState state) {
        if (state == null) {
            return;
        }
        try {
            retries.execute(() -> announce(state));
        } catch (RejectedExecutionException e) {
            announce(state); // closed: tell it here, nothing else is coming
        }
    }

    private void announce(SessionState state) {
        for (SessionListener l : sessionListeners) {
            try {
                l.onStateChanged(state);
            } catch (RuntimeException e) {
                LOG.error("a session listener failed", e);
            }
        }
    }

    private static Throwable unwrap(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    static String shown(Duration d) {
        long seconds = d.toSeconds();
        if (seconds >= 3600 && seconds % 3600 == 0) {
            return seconds / 3600 + " h";
        }
        if (seconds >= 60 && seconds % 60 == 0) {
            return seconds / 60 + " min";
        }
        return seconds + " s";
    }

    /** The server asked for a new password: it no longer has the account, and answering would create one. */
    private static final class AccountGone extends RuntimeException {
        AccountGone() {
            super("account gone", null, false, false);
        }
    }

    /** Hands one connection's callbacks to the session while that connection is the session's. */
    private final class Relay implements ClientListener {

        private final ParleyClient client;

        Relay(ParleyClient client) {
            this.client = client;
        }

        @Override
        public void onLoggedIn(String username) {
            boolean reconnected;
            synchronized (ChatSession.this) {
                if (client == candidate && !over) {
                    candidate = null;
                    current = client;
                    loggedIn = true;
                    attempt = 0;
                    reconnected = true;
                } else if (client == current && credentials == null && pending != null) {
                    credentials = new Credentials(username, pending.password(), pending.udpPort(), pending.privatePort());
                    pending = null;
                    loggedIn = true;
                    reconnected = false;
                } else {
                    return;
                }
            }
            zone = client.serverZone();
            if (reconnected) {
                // here, on the connection's loop: before the messages the server re-sends at this login
                announce(new SessionState.Reconnected(username, client.server()));
            } else {
                clientListeners.forEach(l -> guarded(() -> l.onLoggedIn(username)));
            }
        }

        @Override
        public void onEvent(Event event) {
            if (!isCurrent()) {
                return;
            }
            if (event instanceof Event.SessionEnded ended) {
                if (ended.reason() == Event.SessionEnded.Reason.SHUTDOWN) {
                    lost(client, ended.message(), ended.message());
                    return;
                }
                synchronized (ChatSession.this) {
                    over = true; // the server ended this session (idle timeout): it is not to be resumed
                }
            }
            clientListeners.forEach(l -> guarded(() -> l.onEvent(event)));
        }

        @Override
        public void onConnectionLost(Throwable cause) {
            lost(client, CONNECTION_LOST, "Error. " + CONNECTION_LOST);
        }

        @Override
        public void onUnsolicitedError(Response.Error error) {
            if (isCurrent()) {
                clientListeners.forEach(l -> guarded(() -> l.onUnsolicitedError(error)));
            }
        }

        private boolean isCurrent() {
            synchronized (ChatSession.this) {
                return client == current;
            }
        }
    }

    private static void guarded(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.error("a client listener failed", e);
        }
    }
}
