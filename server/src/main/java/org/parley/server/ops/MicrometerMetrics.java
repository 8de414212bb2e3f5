package org.parley.server.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.parley.protocol.Event;
import org.parley.protocol.Request;
import org.parley.server.cluster.EngineBus;
import org.parley.server.core.bus.ClusterBus;
import org.parley.server.core.bus.ClusterEvent;
import org.parley.server.core.metrics.CoreMetrics;
import org.parley.server.core.metrics.LoginFailure;
import org.parley.server.storage.StoreStatus;

/**
 * The core's metrics port recorded in a Micrometer registry (Prometheus names in brackets):
 * sessions ({@code parley_sessions}), logins ({@code parley_logins_total}), refused login steps by
 * reason ({@code parley_login_failures_total}), requests by type ({@code parley_commands_total}),
 * frames delivered by event type ({@code parley_deliveries_total}), the core thread's fan-out time
 * ({@code parley_fanout_seconds}, a histogram), uploads authorised
 * ({@code parley_transfers_authorised_total}) and slow readers cut off
 * ({@code parley_slow_reader_cutoffs_total}); with {@link #bindStore}, the store's queued writes
 * ({@code parley_store_queued_writes}), whether it is failing ({@code parley_store_failing}) and its
 * commit time ({@code parley_store_commit_seconds}, a histogram). A cluster node also counts the
 * events it published and received by type ({@code parley_cluster_events_published_total},
 * {@code parley_cluster_events_received_total}), undecodable bus messages
 * ({@code parley_cluster_events_undecodable_total}), bus losses ({@code parley_cluster_bus_losses_total}),
 * catch-ups after them ({@code parley_cluster_catch_ups_total}) and the events published again then
 * ({@code parley_cluster_events_republished_total}), the users online on other nodes
 * ({@code parley_cluster_remote_sessions}) and the claims of dead nodes it released
 * ({@code parley_cluster_claims_released_total}); with {@link #bindBus}, whether the bus is connected
 * ({@code parley_cluster_bus_connected}) and the publishes it dropped
 * ({@code parley_cluster_bus_publishes_dropped_total}).
 *
 * <p>Concurrency: Micrometer's meters are thread-safe and lock-free on update; the meters labelled by a
 * value known only at run time are created once per value in a concurrent map and reused, so a hot
 * path costs one map lookup and one adder increment.
 */
public final class MicrometerMetrics implements CoreMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger sessions = new AtomicInteger();
    private final Counter logins;
    private final Map<LoginFailure, Counter> loginFailures = new EnumMap<>(LoginFailure.class);
    private final Map<Class<?>, Counter> commands = new ConcurrentHashMap<>();
    private final Map<Class<?>, Counter> deliveries = new ConcurrentHashMap<>();
    private final Timer fanout;
    private final Counter transfers;
    private final Counter cutOffs;
    private final Map<Class<?>, Counter> clusterPublished = new ConcurrentHashMap<>();
    private final Map<Class<?>, Counter> clusterReceived = new ConcurrentHashMap<>();
    private final Counter clusterUndecodable;
    private final Counter busLosses;
    private final Counter catchUps;
    private final Counter republished;
    private final AtomicInteger remoteSessions = new AtomicInteger();
    private final Counter claimsReleased;

    public MicrometerMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("parley.sessions", sessions, AtomicInteger::get)
                .description("Sessions logged in").register(registry);
        logins = Counter.builder("parley.logins").description("Logins that succeeded").register(registry);
        for (LoginFailure reason : LoginFailure.values()) {
            // all reasons from the start, at 0: a rate over a series that appears late misses its first step
            loginFailures.put(reason, Counter.builder("parley.login.failures").tag("reason", reason.label())
                    .description("Login steps refused, by reason").register(registry));
        }
        fanout = latency("parley.fanout", "Core thread time to encode one event and hand it to every recipient's I/O thread")
                .register(registry);
        transfers = Counter.builder("parley.transfers.authorised").description("Uploads authorised")
                .register(registry);
        cutOffs = Counter.builder("parley.slow.reader.cutoffs")
                .description("Connections cut off because they stopped reading").register(registry);
        clusterUndecodable = Counter.builder("parley.cluster.events.undecodable")
                .description("Cluster bus messages that could not be decoded, dropped").register(registry);
        busLosses = Counter.builder("parley.cluster.bus.losses")
                .description("Times the connection to the cluster bus was lost").register(registry);
        catchUps = Counter.builder("parley.cluster.catch.ups")
                .description("Catch-ups from the database after the cluster bus came back").register(registry);
        republished = Counter.builder("parley.cluster.events.republished")
                .description("This node's recent events published again after a bus loss").register(registry);
        Gauge.builder("parley.cluster.remote.sessions", remoteSessions, AtomicInteger::get)
                .description("Users logged in on other nodes, as this node knows them").register(registry);
        claimsReleased = Counter.builder("parley.cluster.claims.released")
                .description("Login claims of nodes taken for dead, released by this node").register(registry);
    }

    /** The cluster bus's connection and, for the product's engines, the publishes it dropped. */
    public void bindBus(ClusterBus bus) {
        Gauge.builder("parley.cluster.bus.connected", bus, b -> b.connected() ? 1 : 0)
                .tag("engine", bus.engine())
                .description("1 while connected and subscribed to the cluster bus, 0 while cut off").register(registry);
        if (bus instanceof EngineBus engine) {
            FunctionCounter.builder("parley.cluster.bus.publishes.dropped", engine, EngineBus::droppedPublishes)
                    .tag("engine", bus.engine())
                    .description("Events handed to the bus that never reached the engine").register(registry);
        }
    }

    /** The store writer's queue, health and commit times, read from its status. */
    public void bindStore(StoreStatus store) {
        Gauge.builder("parley.store.queued.writes", store, StoreStatus::queuedWrites)
                .description("Writes queued for the store and not yet committed").register(registry);
        Gauge.builder("parley.store.failing", store, s -> s.failure().isPresent() ? 1 : 0)
                .description("1 while the last group of writes failed whole, 0 while the store commits").register(registry);
        Timer commits = latency("parley.store.commit", "Time of one group commit, from taking a connection to the commit")
                .register(registry);
        store.onCommit(nanos -> commits.record(nanos, TimeUnit.NANOSECONDS));
    }

    /**
     * Fixed buckets, 1-2.5-5 per decade from 10 µs to 10 s: 19 series per histogram instead of
     * Micrometer's ~70, they aggregate across nodes (quantiles do not), and they span both a fan-out's
     * microseconds and a commit's milliseconds to seconds.
     */
    private static final Duration[] BUCKETS = buckets();

    private static Duration[] buckets() {
        long[] steps = {10, 25, 50};
        Duration[] buckets = new Duration[19];
        long decade = 1_000; // nanoseconds
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = Duration.ofNanos(steps[i % 3] * decade);
            if (i % 3 == 2) {
                decade *= 10;
            }
        }
        return buckets;
    }

    private static Timer.Builder latency(String name, String description) {
        return Timer.builder(name).description(description).serviceLevelObjectives(BUCKETS);
    }

    @Override
    public void sessions(int loggedIn) {
        sessions.set(loggedIn);
    }

    @Override
    public void loggedIn() {
        logins.increment();
    }

    @Override
    public void loginFailed(LoginFailure reason) {
        loginFailures.get(reason).increment();
    }

    @Override
    public void command(Class<? extends Request> type) {
        commands.computeIfAbsent(type, t -> Counter.builder("parley.commands").tag("type", t.getSimpleName())
                .description("Requests received, by type").register(registry)).increment();
    }

    @Override
    public void delivered(Class<? extends Event> event, int count) {
        deliveries.computeIfAbsent(event, e -> Counter.builder("parley.deliveries").tag("event", e.getSimpleName())
                .description("Frames handed to recipients' connections, by event type").register(registry))
                .increment(count);
    }

    @Override
    public void fannedOut(int recipients, long nanos) {
        fanout.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void transferAuthorised() {
        transfers.increment();
    }

    @Override
    public void slowReaderCutOff() {
        cutOffs.increment();
    }

    @Override
    public void clusterPublished(Class<? extends ClusterEvent> type) {
        clusterEvent(clusterPublished, "parley.cluster.events.published", "Events published to the other nodes, by type",
                type).increment();
    }

    @Override
    public void clusterReceived(Class<? extends ClusterEvent> type) {
        clusterEvent(clusterReceived, "parley.cluster.events.received", "Events received from other nodes, by type",
                type).increment();
    }

    private Counter clusterEvent(Map<Class<?>, Counter> counters, String name, String description, Class<?> type) {
        return counters.computeIfAbsent(type, t -> Counter.builder(name).tag("event", t.getSimpleName())
                .description(description).register(registry));
    }

    @Override
    public void clusterUndecodable() {
        clusterUndecodable.increment();
    }

    @Override
    public void clusterBusLost() {
        busLosses.increment();
    }

    @Override
    public void clusterCaughtUp(int republishedEvents) {
        catchUps.increment();
        republished.increment(republishedEvents);
    }

    @Override
    public void remoteSessions(int online) {
        remoteSessions.set(online);
    }

    @Override
    public void claimsReleased(int count) {
        claimsReleased.increment(count);
    }
}
