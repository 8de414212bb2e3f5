package org.parley.server.core;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.parley.server.ParleyServer;
import org.parley.server.ServerSettings;

/**
 * {@link ClusterServersTest} over each real engine through the product's adapters
 * ({@code ClusterBuses}), each run on a channel of its own. An engine whose address is not in the
 * environment ({@code PARLEY_NATS_URL}, {@code PARLEY_REDIS_URL}; PostgreSQL's is {@code PARLEY_PG_URL})
 * is skipped, saying so.
 */
class EngineClusterServersTest {

    @Nested
    class OverNats extends ClusterServersTest {
        @Override
        ParleyServer start(ServerSettings settings, String node) throws Exception {
            String nats = System.getenv("PARLEY_NATS_URL");
            Assumptions.assumeTrue(nats != null && !nats.isBlank(), "PARLEY_NATS_URL is not set: NATS is skipped");
            return ParleyServer.start(settings.withCluster(nats + "?channel=" + channel, node));
        }
    }

    @Nested
    class OverRedis extends ClusterServersTest {
        @Override
        ParleyServer start(ServerSettings settings, String node) throws Exception {
            String redis = System.getenv("PARLEY_REDIS_URL");
            Assumptions.assumeTrue(redis != null && !redis.isBlank(), "PARLEY_REDIS_URL is not set: Redis is skipped");
            return ParleyServer.start(settings.withCluster(redis + "?channel=" + channel, node));
        }
    }

    @Nested
    class OverPostgresNotify extends ClusterServersTest {
        @Override
        ParleyServer start(ServerSettings settings, String node) throws Exception {
            return ParleyServer.start(settings.withCluster("postgres?channel=" + channel, node));
        }
    }
}
