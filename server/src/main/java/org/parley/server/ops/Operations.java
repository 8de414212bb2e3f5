package org.parley.server.ops;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.BindException;
import java.net.InetSocketAddress;
import org.parley.server.core.bus.ClusterBus;
import org.parley.server.core.metrics.CoreMetrics;
import org.parley.server.storage.StoreStatus;

/**
 * What an operator sees of a running server: its readiness (always tracked) and, when the operator
 * port is on, the metrics registry the core records into and the HTTP port that serves both. With the
 * port off the core records into {@link CoreMetrics#NONE}, so metrics cost nothing.
 *
 * <p>Concurrency: built and closed by the server's start and close (one thread); the registry and
 * readiness are thread-safe.
 */
public final class Operations implements AutoCloseable {

    private final Readiness readiness;
    /** Null when the operator port is off. */
    private final PrometheusMeterRegistry registry;
    private final CoreMetrics metrics;
    /** Null when the operator port is off. */
    private final MicrometerMetrics micrometer;
    private final JvmGcMetrics gc;
    private OperatorServer server;

    private Operations(Readiness readiness, PrometheusMeterRegistry registry, MicrometerMetrics micrometer,
            JvmGcMetrics gc) {
        this.readiness = readiness;
        this.registry = registry;
        this.micrometer = micrometer;
        this.metrics = micrometer == null ? CoreMetrics.NONE : micrometer;
        this.gc = gc;
    }

    /** Readiness only: no registry, no port. */
    public static Operations off(StoreStatus store) {
        return new Operations(new Readiness(store), null, null, null);
    }

    /** A Prometheus registry with the core's and the store's metrics and the JVM's usual ones. */
    public static Operations on(StoreStatus store) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MicrometerMetrics metrics = new MicrometerMetrics(registry);
        metrics.bindStore(store);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return new Operations(new Readiness(store), registry, metrics, gc);
    }

    public CoreMetrics metrics() {
        return metrics;
    }

    public Readiness readiness() {
        return readiness;
    }

    /**
     * A cluster node's bus: readiness follows its connection ({@code connected}, the core's view of it),
     * and with the operator port on, its connection and dropped publishes are metrics.
     */
    public void bindBus(ClusterBus bus, java.util.function.BooleanSupplier connected) {
        readiness.clusterBus(connected);
        if (micrometer != null) {
            micrometer.bindBus(bus);
        }
    }

    /** Opens the operator port on {@code bind}; only when built {@link #on}. */
    public void listen(InetSocketAddress bind) throws InterruptedException, BindException {
        if (registry == null) {
            throw new IllegalStateException("the operator port needs the metrics registry: build with Operations.on");
        }
        server = OperatorServer.start(bind, registry::scrape, readiness);
    }

    /** The operator port's address, or null when it is off. */
    public InetSocketAddress address() {
        return server == null ? null : server.address();
    }

    /** Closes the port and stops the JVM metrics' listeners. Idempotent. */
    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        if (gc != null) {
            gc.close();
        }
        if (registry != null) {
            registry.close();
        }
    }
}
