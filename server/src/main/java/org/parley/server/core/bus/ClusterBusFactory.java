package org.parley.server.core.bus;

import java.io.IOException;

/**
 * Opens the bus a node's URL names ({@code nats://...}, {@code redis://...}, {@code postgres}). The
 * server is given one; the engine adapters ({@code org.parley.server.cluster.ClusterBuses#open}) are
 * the product's, an in-memory hub is the tests'.
 */
@FunctionalInterface
public interface ClusterBusFactory {

    /** For a build without engine adapters: cluster mode is refused with a clear message. */
    ClusterBusFactory NONE = (busUrl, nodeId, dbUrl, dbUser, dbPassword) -> {
        throw new IOException("this build has no cluster bus engines (cannot open " + busUrl + ")");
    };

    /**
     * The bus for {@code nodeId} at {@code busUrl}; the database coordinates serve the PostgreSQL
     * LISTEN/NOTIFY engine, which talks to the store's database. Not started yet.
     */
    ClusterBus open(String busUrl, String nodeId, String dbUrl, String dbUser, String dbPassword) throws IOException;
}
