package org.parley.server.core;

import java.time.Duration;
import java.util.Objects;
import org.parley.server.core.bus.ClusterBus;
import org.parley.server.core.store.ClusterDirectory;

/**
 * What makes a core one node of several: its id, the bus to the other nodes and the shared directory
 * of claims and leases. The heartbeat renews this node's lease every {@code heartbeat}; a node whose
 * lease ({@code lease}) runs out is taken for dead by the others. {@code logs} receives what other
 * nodes committed, for this node's text logs.
 */
public record ClusterMode(String nodeId, ClusterBus bus, ClusterDirectory directory, Duration heartbeat,
        Duration lease, ClusterLogs logs) {

    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(10);

    public ClusterMode {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(bus, "bus");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(logs, "logs");
        if (nodeId.isBlank()) {
            throw new IllegalArgumentException("the node id is blank");
        }
        if (lease.compareTo(heartbeat.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("the lease (" + lease + ") must outlast two heartbeats (" + heartbeat + ")");
        }
    }

    public static ClusterMode of(String nodeId, ClusterBus bus, ClusterDirectory directory) {
        return new ClusterMode(nodeId, bus, directory, DEFAULT_HEARTBEAT, DEFAULT_LEASE, ClusterLogs.NONE);
    }

    public ClusterMode withLogs(ClusterLogs l) {
        return new ClusterMode(nodeId, bus, directory, heartbeat, lease, l);
    }
}
