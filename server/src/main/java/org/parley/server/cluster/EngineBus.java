package org.parley.server.cluster;

import org.parley.server.core.bus.ClusterBus;

/**
 * A {@link ClusterBus} adapter as {@link ClusterBuses#open} makes it: the port plus what an operator
 * watches (metrics, readiness) but the core does not need.
 */
public interface EngineBus extends ClusterBus {

    /**
     * Messages handed to {@link #publish} that never reached the engine: the outbox was full, the send
     * failed after the message left the outbox (never resent, to stay at most once), or the bus was
     * closed. Monotonic.
     */
    long droppedPublishes();
}
