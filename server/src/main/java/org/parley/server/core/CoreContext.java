package org.parley.server.core;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import org.parley.protocol.Event;
import org.parley.protocol.Frame;
import org.parley.protocol.FrameCodec;
import org.parley.server.core.metrics.CoreMetrics;
import org.parley.server.core.store.Store;

/**
 * What every feature service shares: the in-memory state (presence, accounts, blocks), the store, the
 * clock and the core thread. Everything here is touched on the core thread only.
 *
 * <p>It also knows which request the core thread is working for ({@link #handling}), so that a
 * continuation that throws, however many hops after the request, is logged once and answered to the
 * request that started it instead of vanishing in a future nobody looks at.
 */
final class CoreContext {

    final CoreConfig config;
    final Store store;
    final Clock clock;
    final Executor coreThread;
    final Presence presence;
    final Map<String, String> accounts = new HashMap<>();
    final BlockList blocks;
    final UserLogFeed userLog;
    final InteractionLog console;
    final Fanout fanout;
    final CoreMetrics metrics;
    /** The other nodes; disabled (every call a no-op) in single-node mode. */
    final ClusterLink cluster;
    private final FrameCodec<Frame> codec = FrameCodec.frames();
    /** The request the core thread is working for; null between requests and in timer tasks. */
    private Session currentSession;
    private long currentRequestId;
    private String currentWork = "a task on the core thread";

    CoreContext(CoreConfig config, Store store, Clock clock, Executor coreThread, Presence presence, BlockList blocks,
            UserLogFeed userLog, InteractionLog console, Fanout fanout, CoreMetrics metrics, ClusterLink cluster) {
        this.config = config;
        this.store = store;
        this.clock = clock;
        this.coreThread = coreThread;
        this.presence = presence;
        this.blocks = blocks;
        this.userLog = userLog;
        this.console = console;
        this.fanout = fanout;
        this.metrics = metrics;
        this.cluster = cluster;
    }

    long now() {
        return clock.millis();
    }

    boolean exists(String user) {
        return accounts.containsKey(user);
    }

    /** Logged in here or, in cluster mode, on another node (as this node has heard). */
    boolean onlineAnywhere(String user) {
        return presence.isOnline(user) || cluster.remote.isOnline(user);
    }

    /**
     * One event for one user, wherever logged in: to the session here, or relayed to the node that
     * serves the user. Nothing if the user is offline.
     */
    void deliverTo(String user, Event event) {
        Session session = presence.session(user);
        if (session != null) {
            session.out().send(event);
        } else if (cluster.remote.isOnline(user)) {
            cluster.publish(new org.parley.server.core.bus.ClusterEvent.ToUser(cluster.node(), user,
                    new String(codec.encode(event), java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    /** Serialised once; the same bytes go to every recipient. */
    EncodedFrame encode(Event event) {
        return new EncodedFrame(codec.encode(event));
    }

    /** One event to many sessions, encoded once and written in one batch per I/O thread. */
    void fanOut(Event event, List<Outbound> recipients) {
        if (!recipients.isEmpty()) {
            long start = System.nanoTime();
            fanout.send(encode(event), recipients);
            metrics.fannedOut(recipients.size(), System.nanoTime() - start);
            metrics.delivered(event.getClass(), recipients.size());
        }
    }

    /**
     * Continues on the core thread once the store (or the hashing service) has answered. If the
     * continuation throws, the failure is logged once and the request that led here is answered
     * {@code INTERNAL}; a continuation the stopped core thread could not take (shutdown) is logged at WARN.
     */
    <T> void then(CompletableFuture<T> future, BiConsumer<T, Throwable> onCore) {
        Session session = currentSession;
        long requestId = currentRequestId;
        String work = currentWork;
        // handleAsync, not whenCompleteAsync: its own future fails only if the core thread refused the
        // task, never merely because the store's future did (that failure is the continuation's to log).
        future.handleAsync((value, err) -> {
            handling(session, requestId, work, () -> onCore.accept(value, err));
            return null;
        }, coreThread).exceptionally(rejected -> {
            // Only at shutdown: the store completed a write after the core thread stopped taking tasks.
            Faults.dropped(work, session, rejected);
            return null;
        });
    }

    /**
     * Runs {@code work} on the core thread on behalf of {@code session}'s request {@code requestId}
     * ({@code session} null for a task of the server's own): {@link #then} calls made meanwhile remember
     * it. Anything {@code work} throws is logged and answered here, once.
     */
    void handling(Session session, long requestId, String work, Runnable task) {
        Session outerSession = currentSession;
        long outerId = currentRequestId;
        String outerWork = currentWork;
        currentSession = session;
        currentRequestId = requestId;
        currentWork = work;
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            if (session != null) {
                Reply.internal(session, requestId, work, e);
            } else {
                Faults.log(work, "the server", e);
            }
        } finally {
            currentSession = outerSession;
            currentRequestId = outerId;
            currentWork = outerWork;
        }
    }

    /**
     * {@code raw}, where a task that throws is logged (once, at ERROR) instead of killing the thread
     * with a stack trace on standard error that no log configuration sees.
     */
    static Executor guarded(Executor raw) {
        return task -> raw.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                Faults.log("a task on the core thread", "the server", e);
            }
        });
    }
}
