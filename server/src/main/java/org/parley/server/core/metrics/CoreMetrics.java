package org.parley.server.core.metrics;

import org.parley.protocol.Event;
import org.parley.protocol.Request;
import org.parley.server.core.bus.ClusterEvent;

/**
 * What the chat core tells about its work, for an operator's metrics: the core's port to whatever
 * records them (Micrometer in the product, {@link #NONE} when the operator port is off and in tests),
 * so the core imports no metrics library.
 *
 * <p>Concurrency: called from the core thread (everything but {@link #slowReaderCutOff},
 * {@link #clusterUndecodable} and {@link #clusterBusLost}), from the I/O threads
 * ({@link #slowReaderCutOff}) and from the cluster bus adapter's thread ({@link #clusterUndecodable},
 * {@link #clusterBusLost}); implementations must be thread-safe and must never block, since every call
 * sits on a hot path.
 */
public interface CoreMetrics {

    /** Records nothing. */
    CoreMetrics NONE = new CoreMetrics() { };

    /** Sessions logged in now, after a login or a session's end. */
    default void sessions(int loggedIn) { }

    /** A login that succeeded (a registration's included). */
    default void loggedIn() { }

    /** A login step that was refused, and why. */
    default void loginFailed(LoginFailure reason) { }

    /**
     * A request received on a connection, by its type ({@code SendMessage}, {@code Ack}, ...): a class,
     * so that recording costs an identity lookup, not a string.
     */
    default void command(Class<? extends Request> type) { }

    /** {@code count} frames of one event type handed to recipients' connections. */
    default void delivered(Class<? extends Event> event, int count) { }

    /**
     * One event fanned out to {@code recipients}: {@code nanos} is the core thread's time to encode it
     * once and hand it to every recipient's I/O thread (writing is the I/O threads' part, not counted).
     */
    default void fannedOut(int recipients, long nanos) { }

    /** An upload the server authorised (ticket and key sent to both ends). */
    default void transferAuthorised() { }

    /** A connection cut off because it stopped reading while too much waited for it. */
    default void slowReaderCutOff() { }

    /** Cluster mode: one event this node handed to the bus for the other nodes, by its type. */
    default void clusterPublished(Class<? extends ClusterEvent> type) { }

    /** Cluster mode: one event from another node handed to the feature that handles it, by its type. */
    default void clusterReceived(Class<? extends ClusterEvent> type) { }

    /** Cluster mode: a bus message that could not be decoded, dropped (on the bus adapter's thread). */
    default void clusterUndecodable() { }

    /** Cluster mode: the bus connection was lost (on the bus adapter's thread). */
    default void clusterBusLost() { }

    /**
     * Cluster mode: back on the bus after a loss; {@code republished} of this node's own recent events
     * were published again, and a catch-up from the database has started.
     */
    default void clusterCaughtUp(int republished) { }

    /** Cluster mode: users logged in on other nodes, as this node knows them now. */
    default void remoteSessions(int online) { }

    /** Cluster mode: login claims of a node taken for dead, released by this node's heartbeat. */
    default void claimsReleased(int count) { }
}
