package org.parley.server.core;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.parley.server.core.bus.ClusterBus;
import org.parley.server.core.bus.ClusterCodec;
import org.parley.server.core.bus.ClusterEvent;
import org.parley.server.core.metrics.CoreMetrics;
import org.parley.server.core.store.ClusterDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core's side of the cluster bus: publishes {@link ClusterEvent}s (one per node and event) and
 * hands what other nodes publish to the feature service that registered for its type, on the core
 * thread. In single-node mode ({@link #single()}) it is disabled and every call is a no-op, so the
 * features keep their single-node path unchanged.
 *
 * <p>The engines deliver at most once: what this node publishes while it is cut off is lost for the
 * others. So it keeps what it published in the last seconds and, once back, publishes it again (the
 * receivers drop what they already had); what other nodes published meanwhile it reads back from the
 * database ({@link #onReconnected}).
 *
 * <p>Threads: {@link #publish} runs on the core thread; the bus calls {@link #received} on its own
 * thread, where the bytes are only decoded and the event posted to the core thread, in arrival order.
 */
final class ClusterLink implements ClusterBus.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterLink.class);

    private final ClusterMode mode;
    private final Executor onCore;
    private final CoreMetrics metrics;
    private final Map<Class<?>, Consumer<ClusterEvent>> handlers = new HashMap<>();
    private final AtomicLong undecodable = new AtomicLong();
    final RemotePresence remote;
    private Runnable onReconnected = () -> { };
    /** What this node published lately, to publish again after an outage (core thread only). */
    private final ArrayDeque<Sent> recent = new ArrayDeque<>();
    /** When the bus was last lost; 0 while connected (core thread only). */
    private long lostAt;

    private record Sent(long at, byte[] payload) {}

    /** How far before a noticed loss messages are published again: the engine may have lost them unnoticed. */
    static final long REPLAY_MARGIN_MILLIS = 5_000;
    /**
     * The most messages kept for that (a few hundred KiB at a typical 100 bytes, 24 MiB at worst); an
     * outage that outlasts them leaves the rest to the other nodes' next catch-up and logins.
     */
    static final int REPLAY_LIMIT = 4_096;

    private ClusterLink(ClusterMode mode, Executor onCore, CoreMetrics metrics) {
        this.mode = mode;
        this.onCore = onCore;
        this.metrics = metrics;
        this.remote = new RemotePresence(metrics::remoteSessions);
    }

    static ClusterLink single() {
        return new ClusterLink(null, null, CoreMetrics.NONE);
    }

    static ClusterLink of(ClusterMode mode, Executor onCore, CoreMetrics metrics) {
        return new ClusterLink(mode, onCore, metrics);
    }

    boolean enabled() {
        return mode != null;
    }

    /** This node's id; null in single-node mode. */
    String node() {
        return mode == null ? null : mode.nodeId();
    }

    ClusterMode mode() {
        return mode;
    }

    ClusterDirectory directory() {
        return mode.directory();
    }

    /** Registers the handler of one event type (at construction, before {@link #start}). */
    @SuppressWarnings("unchecked")
    <E extends ClusterEvent> void on(Class<E> type, Consumer<E> handler) {
        handlers.put(type, e -> handler.accept((E) e));
    }

    /** What to do on the core thread once the bus is back after a loss: catch up from the database. */
    void onReconnected(Runnable catchUp) {
        this.onReconnected = catchUp;
    }

    /** Subscribes; from now on this node hears every other node. */
    void start() throws IOException {
        if (mode != null) {
            mode.bus().start(this);
        }
    }

    /** Hands the event to the bus, once, for every node; never throws (the bus logs what it drops). */
    void publish(ClusterEvent event) {
        if (mode == null) {
            return;
        }
        byte[] payload;
        try {
            payload = ClusterCodec.encodeToFit(event, mode.bus().maxPayloadBytes());
        } catch (IllegalArgumentException e) {
            // the protocol's limits keep every event the core makes within the smallest engine's payload
            LOG.error("cannot publish {} to the cluster: {}", event.getClass().getSimpleName(), e.getMessage());
            return;
        }
        long now = System.currentTimeMillis();
        recent.addLast(new Sent(now, payload));
        while (recent.size() > REPLAY_LIMIT || (lostAt == 0 && recent.peekFirst().at() < now - REPLAY_MARGIN_MILLIS)) {
            recent.removeFirst();
        }
        metrics.clusterPublished(event.getClass()); // first: the others may hear it before publish returns
        mode.bus().publish(payload);
    }

    /**
     * Back on the bus: what this node published from shortly before the loss on is published again,
     * since the other nodes never got what the engine dropped meanwhile. Receivers ignore what they had
     * (numbers seen, ids delivered, presence known).
     */
    private int replay() {
        long from = lostAt - REPLAY_MARGIN_MILLIS;
        lostAt = 0;
        int again = 0;
        for (Sent sent : recent) {
            if (sent.at() >= from) {
                mode.bus().publish(sent.payload());
                again++;
            }
        }
        if (again > 0) {
            LOG.info("node {} published {} message(s) again after the outage", mode.nodeId(), again);
        }
        return again;
    }

    @Override
    public void received(byte[] payload) {
        ClusterEvent event;
        try {
            event = ClusterCodec.decode(payload);
        } catch (IllegalArgumentException e) {
            // once per kind of trouble would hide a flood; the count says how many
            metrics.clusterUndecodable();
            LOG.error("dropped an unreadable cluster message ({} so far): {}", undecodable.incrementAndGet(),
                    e.getMessage());
            return;
        }
        if (event.node().equals(mode.nodeId())) {
            return; // our own, echoed by the engine
        }
        post(() -> dispatch(event));
    }

    /** To the core thread; dropped once the core has stopped (the adapter's thread must not see that). */
    private void post(Runnable task) {
        try {
            onCore.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("core stopped: a cluster message is dropped");
        }
    }

    private void dispatch(ClusterEvent event) {
        Consumer<ClusterEvent> handler = handlers.get(event.getClass());
        if (handler == null) {
            LOG.error("no handler for cluster event {}", event.getClass().getSimpleName());
            return;
        }
        metrics.clusterReceived(event.getClass());
        handler.accept(event);
    }

    @Override
    public void connectionLost(Throwable cause) {
        long at = System.currentTimeMillis();
        metrics.clusterBusLost();
        post(() -> {
            if (lostAt == 0) {
                lostAt = at;
            }
        });
        LOG.warn("node {} lost the cluster bus ({}): other nodes' events are missed until it is back; "
                + "it catches up from the database then", mode.nodeId(), String.valueOf(cause));
    }

    @Override
    public void reconnected() {
        LOG.info("node {} is back on the cluster bus; catching up from the database", mode.nodeId());
        post(() -> {
            int again = lostAt != 0 ? replay() : 0;
            metrics.clusterCaughtUp(again);
            onReconnected.run();
        });
    }
}
