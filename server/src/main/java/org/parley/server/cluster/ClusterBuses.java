package org.parley.server.cluster;

import java.time.Duration;
import java.util.Objects;

/**
 * Makes the {@link org.parley.server.core.bus.ClusterBus} adapter an operator's bus URL names. The bus
 * comes back unstarted: {@code start(listener)} connects, and fails if the engine cannot be reached.
 */
public final class ClusterBuses {

    /** Messages that may wait for the engine per node before publishes are dropped (about 3 MiB at 200 bytes). */
    public static final int OUTBOX_CAPACITY = 16_384;

    /** How often a quiet broker connection is pinged; three unanswered pings count as a lost connection. */
    public static final Duration PING_EVERY = Duration.ofSeconds(5);

    private ClusterBuses() {
    }

    /**
     * @param busUrl     {@code nats://HOST:PORT}, {@code redis://HOST:PORT} or {@code postgres}, each with an
     *                   optional {@code ?channel=NAME} (default {@code parley})
     * @param nodeId     this node's id: names its connections on the engine (NATS connection name, Redis
     *                   client name, PostgreSQL application_name), so an operator can tell them apart
     * @param dbUrl      the node's JDBC URL; used by {@code postgres} only (must then be {@code jdbc:postgresql:})
     * @param dbUser     the node's database user, or null
     * @param dbPassword the node's database password, or null
     * @throws IllegalArgumentException if the URL is not one of those forms, or {@code postgres} is asked
     *                                  for without a PostgreSQL database
     */
    public static EngineBus open(String busUrl, String nodeId, String dbUrl, String dbUser, String dbPassword) {
        Objects.requireNonNull(nodeId, "nodeId");
        BusAddress address = BusAddress.parse(busUrl);
        return switch (address.engine()) {
            case "nats" -> new NatsBus("nats://" + address.host() + ":" + address.port(), address.channel(), nodeId,
                    Backoff.DEFAULT, OUTBOX_CAPACITY, PING_EVERY);
            case "redis" -> new RedisBus(address.host(), address.port(), address.channel(), nodeId,
                    Backoff.DEFAULT, OUTBOX_CAPACITY, PING_EVERY);
            case "postgres" -> {
                if (dbUrl == null || !dbUrl.startsWith("jdbc:postgresql:")) {
                    throw new IllegalArgumentException("the postgres cluster bus uses the node's database, which must "
                            + "be PostgreSQL (a jdbc:postgresql: URL); this node's is " + (dbUrl == null ? "not set"
                            : dbUrl.startsWith("jdbc:sqlite:") ? "SQLite" : "another kind"));
                }
                yield new PostgresBus(dbUrl, dbUser, dbPassword, address.channel(), nodeId, Backoff.DEFAULT,
                        OUTBOX_CAPACITY);
            }
            default -> throw new IllegalArgumentException("unknown bus '" + busUrl + "': " + BusAddress.USAGE);
        };
    }
}
