package org.parley.server.core.bus;

/**
 * The core's port to the other nodes of a cluster: an engine (NATS, Redis pub/sub or PostgreSQL
 * LISTEN/NOTIFY; adapters in {@code org.parley.server.cluster}) that carries small messages from one
 * node to every node. The core publishes once per node and event, never once per recipient; each node
 * fans out to its own sessions.
 *
 * <p>What the port promises, and what it does not (the core closes the gaps from the database, which
 * is the record of truth):
 * <ul>
 *   <li>Messages from one publisher arrive in the order it published them, while the connection to
 *       the engine holds.</li>
 *   <li>Delivery is at most once: a message published while a node is cut off from the engine is
 *       lost for that node. {@link Listener#reconnected()} tells the core it may have missed some, so
 *       it catches up from the database.</li>
 *   <li>A message may come back to the node that published it; receivers recognise their own by the
 *       node id the payload carries and ignore it.</li>
 * </ul>
 *
 * <p>Threads: {@link #publish} may be called from any thread and never blocks on the engine (a
 * message that cannot be handed over is logged once and counted, not thrown). The listener is called
 * on the adapter's own thread, one message at a time, in arrival order; it must only hand the bytes
 * on (the core posts them to its thread).
 */
public interface ClusterBus extends AutoCloseable {

    /** The engine's name as operators configure it: {@code nats}, {@code redis} or {@code postgres}. */
    String engine();

    /** The largest payload this engine carries in one message (PostgreSQL's NOTIFY: under 8,000 bytes). */
    int maxPayloadBytes();

    /**
     * Connects and subscribes; returns once this node receives what others publish from now on.
     * Throws if the engine cannot be reached at start (a node must not serve users cut off from the
     * others); later losses are reported to the listener and retried by the adapter with backoff.
     */
    void start(Listener listener) throws java.io.IOException;

    /** Hands one message to the engine for every node; at most {@link #maxPayloadBytes()} bytes. */
    void publish(byte[] payload);

    /** True while the adapter is connected and subscribed (readiness reports it). */
    boolean connected();

    /** Unsubscribes and closes the connection; later publishes are dropped. */
    @Override
    void close();

    /** What the adapter reports, on its own thread. */
    interface Listener {

        /** One message another node (or, possibly, this one) published. */
        void received(byte[] payload);

        /** The connection to the engine was lost; messages published meanwhile will not arrive. */
        void connectionLost(Throwable cause);

        /** Connected and subscribed again after a loss: messages may have been missed, catch up. */
        void reconnected();
    }
}
