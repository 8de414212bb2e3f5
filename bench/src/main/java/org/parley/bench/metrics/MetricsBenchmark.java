package org.parley.bench.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.parley.protocol.Event;
import org.parley.protocol.Request;
import org.parley.server.core.metrics.CoreMetrics;
import org.parley.server.ops.MicrometerMetrics;

/**
 * JMH: what the metrics cost the core thread per broadcast (one request counted, one fan-out timed,
 * its deliveries counted), with the Micrometer adapter and with the no-op port of a server whose
 * operator port is off. The store's commit timer runs on the writer thread, once per group, and is
 * left out. Run with {@code java -cp bench/target/parley-bench.jar org.openjdk.jmh.Main MetricsBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MetricsBenchmark {

    private CoreMetrics micrometer;
    private CoreMetrics none;
    private long nanos = 12_345;

    @Setup
    public void setUp() {
        micrometer = new MicrometerMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        none = CoreMetrics.NONE;
    }

    private long broadcast(CoreMetrics metrics) {
        metrics.command(Request.SendBroadcast.class);
        metrics.fannedOut(1000, nanos);
        metrics.delivered(Event.BroadcastReceived.class, 1000);
        return nanos++;
    }

    @Benchmark
    public long broadcastWithMicrometer() {
        return broadcast(micrometer);
    }

    @Benchmark
    public long broadcastWithMetricsOff() {
        return broadcast(none);
    }
}
