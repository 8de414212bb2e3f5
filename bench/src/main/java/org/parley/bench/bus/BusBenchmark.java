package org.parley.bench.bus;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.parley.bench.report.CpuMeter;
import org.parley.bench.report.Latency;
import org.parley.bench.report.Table;
import org.parley.server.cluster.ClusterBuses;
import org.parley.server.cluster.EngineBus;
import org.parley.server.core.bus.ClusterBus;

/**
 * One engine of the cluster bus, measured through Parley's own adapters ({@link ClusterBuses#open}):
 * a publishing node and {@code subscribers} receiving nodes, each on its own connection, in this JVM
 * (one clock, so a message's latency is its arrival minus its due time).
 *
 * <p>Two phases. At a fixed rate: messages are due every 1/rate s and stamped with the time they were
 * due, not the time they went out, so a stall of the publisher counts against the engine instead of
 * hiding (no coordinated omission); the first {@code warmupSeconds} are not recorded. Saturation: the
 * publisher keeps {@code window} messages in flight (fewer than the outbox holds, so none is dropped)
 * for {@code saturationSeconds}; the rate is what the slowest subscriber received per second.
 *
 * <p>CPU per message: this JVM's (publisher and subscribers together, adapters and client libraries
 * included) and the engine's (the private broker process, or the PostgreSQL backends of the bus's own
 * connections), divided by messages published. Every node also listens, as in a cluster: Redis and
 * PostgreSQL echo the publisher's messages back to it, NATS does not ({@code noEcho}).
 */
public final class BusBenchmark {

    public record Settings(int rate, int payloadBytes, double warmupSeconds, double seconds, double saturationSeconds,
                           int window, int subscribers) {}

    public record RatePhase(long sent, long received, Latency latency, double clientMicros, double engineMicros) {}

    public record SaturationPhase(long sent, long received, double seconds, double clientMicros, double engineMicros,
                                  long dropped) {
        public double perSecond() {
            return received / seconds;
        }
    }

    /** {@code skipped} names why an engine was not measured; the phases are then null. */
    public record Result(String engine, String where, RatePhase rate, SaturationPhase saturation, String skipped) {
        static Result skipped(String engine, String why) {
            return new Result(engine, "-", null, null, why);
        }
    }

    private static final int HEADER = 16;

    private final Settings settings;

    public BusBenchmark(Settings settings) {
        if (settings.payloadBytes() < HEADER) {
            throw new IllegalArgumentException("payload must be at least " + HEADER + " bytes");
        }
        this.settings = settings;
    }

    public Result run(EngineTarget target, String runId) throws Exception {
        List<EngineBus> buses = new ArrayList<>();
        try {
            EngineBus publisher = open(target, runId + "-pub", buses);
            publisher.start(new Receiver());
            List<Receiver> receivers = new ArrayList<>();
            for (int i = 0; i < settings.subscribers(); i++) {
                Receiver r = new Receiver();
                open(target, runId + "-sub" + i, buses).start(r);
                receivers.add(r);
            }
            target.findBackends(runId);
            RatePhase rate = fixedRate(publisher, receivers, target);
            SaturationPhase saturation = saturate(publisher, receivers, target);
            return new Result(target.engine, target.where, rate, saturation, null);
        } finally {
            buses.forEach(EngineBus::close);
        }
    }

    private static EngineBus open(EngineTarget t, String nodeId, List<EngineBus> buses) {
        EngineBus bus = ClusterBuses.open(t.busUrl, nodeId, t.dbUrl, t.dbUser, t.dbPassword);
        buses.add(bus);
        return bus;
    }

    private RatePhase fixedRate(EngineBus publisher, List<Receiver> receivers, EngineTarget target) throws Exception {
        long warmup = (long) (settings.warmupSeconds() * settings.rate());
        long total = warmup + (long) (settings.seconds() * settings.rate());
        receivers.forEach(r -> r.reset(warmup));
        long interval = TimeUnit.SECONDS.toNanos(1) / settings.rate();
        CpuMeter client = CpuMeter.start();
        double engineStart = target.cpuSeconds();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        for (long seq = 0; seq < total; seq++) {
            long due = start + seq * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                if (wait > 50_000) {
                    LockSupport.parkNanos(wait - 20_000);
                } else {
                    Thread.onSpinWait();
                }
            }
            publisher.publish(payload(seq, due));
        }
        long received = awaitDrain(receivers, total);
        CpuMeter.CpuUse used = client.stop();
        double engine = target.cpuSeconds() - engineStart;
        Histogram all = Latency.newHistogram();
        receivers.forEach(r -> all.add(r.histogram));
        return new RatePhase(total, received / receivers.size(), Latency.of(all), used.cpuSeconds() * 1e6 / total, engine * 1e6 / total);
    }

    private SaturationPhase saturate(EngineBus publisher, List<Receiver> receivers, EngineTarget target)
            throws Exception {
        receivers.forEach(r -> r.reset(Long.MAX_VALUE));
        long droppedBefore = publisher.droppedPublishes();
        CpuMeter client = CpuMeter.start();
        double engineStart = target.cpuSeconds();
        long start = System.nanoTime();
        long end = start + (long) (settings.saturationSeconds() * 1e9);
        long sent = 0;
        while (System.nanoTime() < end) {
            if (sent - slowest(receivers) < settings.window()) {
                publisher.publish(payload(sent++, System.nanoTime()));
            } else {
                LockSupport.parkNanos(20_000);
            }
        }
        long received = awaitDrain(receivers, sent);
        double seconds = (lastArrival(receivers) - start) / 1e9;
        CpuMeter.CpuUse used = client.stop();
        double engine = target.cpuSeconds() - engineStart;
        return new SaturationPhase(sent, received / receivers.size(), seconds, used.cpuSeconds() * 1e6 / sent,
                engine * 1e6 / sent, publisher.droppedPublishes() - droppedBefore);
    }

    /** Waits until every receiver has {@code expected}, or nothing arrived for 3 s; the total received. */
    private static long awaitDrain(List<Receiver> receivers, long expected) throws InterruptedException {
        long last = -1;
        long quietSince = System.nanoTime();
        while (true) {
            long now = receivers.stream().mapToLong(r -> r.count.get()).sum();
            if (now >= expected * receivers.size()) {
                return now;
            }
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > TimeUnit.SECONDS.toNanos(3)) {
                return now;
            }
            Thread.sleep(5);
        }
    }

    private static long slowest(List<Receiver> receivers) {
        long min = Long.MAX_VALUE;
        for (Receiver r : receivers) {
            min = Math.min(min, r.count.get());
        }
        return min;
    }

    private static long lastArrival(List<Receiver> receivers) {
        return receivers.stream().mapToLong(r -> r.lastArrival).max().orElse(System.nanoTime());
    }

    private byte[] payload(long seq, long stamp) {
        byte[] bytes = new byte[settings.payloadBytes()];
        ByteBuffer.wrap(bytes).putLong(seq).putLong(stamp);
        return bytes;
    }

    /** One receiving node: counts what arrives and records latencies (on the adapter's thread). */
    private static final class Receiver implements ClusterBus.Listener {
        final AtomicLong count = new AtomicLong();
        volatile Histogram histogram = Latency.newHistogram();
        volatile long recordFrom;
        volatile long lastArrival;

        void reset(long recordFromSeq) {
            histogram = Latency.newHistogram();
            recordFrom = recordFromSeq;
            count.set(0);
        }

        @Override
        public void received(byte[] payload) {
            long now = System.nanoTime();
            ByteBuffer b = ByteBuffer.wrap(payload);
            long seq = b.getLong();
            long stamp = b.getLong();
            if (seq >= recordFrom) {
                histogram.recordValue(Math.max(0, now - stamp));
            }
            lastArrival = now;
            count.incrementAndGet();
        }

        @Override
        public void connectionLost(Throwable cause) {
            System.err.println("bus bench: connection lost during the run: " + cause);
        }

        @Override
        public void reconnected() {
            System.err.println("bus bench: reconnected during the run");
        }
    }

    public static void print(Settings s, List<Result> results, PrintStream out) {
        Table latency = new Table("bus: latency at " + String.format("%,d", s.rate()) + " msg/s, " + s.payloadBytes()
                + "-byte payloads, 1 publisher, " + s.subscribers() + " subscriber(s), " + s.seconds() + " s after "
                + s.warmupSeconds() + " s warm-up", "engine", "sent", "received/sub", "p50 ms", "p99 ms", "p99.9 ms",
                "max ms", "client µs/msg", "engine µs/msg");
        Table saturation = new Table("bus: saturation, " + s.window() + " messages in flight, " + s.saturationSeconds()
                + " s", "engine", "sent", "received/sub", "msg/s", "client µs/msg", "engine µs/msg", "dropped");
        for (Result r : results) {
            if (r.skipped() != null) {
                latency.row(r.engine(), "skipped: " + r.skipped(), "", "", "", "", "", "", "");
                continue;
            }
            RatePhase p = r.rate();
            latency.row(r.engine(), p.sent(), p.received(), p.latency().p50(), p.latency().p99(), p.latency().p999(),
                    p.latency().max(), p.clientMicros(), na(p.engineMicros()));
            SaturationPhase q = r.saturation();
            saturation.row(r.engine(), q.sent(), q.received(), q.perSecond(), q.clientMicros(), na(q.engineMicros()),
                    q.dropped());
        }
        latency.print(out);
        saturation.print(out);
        out.println();
        for (Result r : results) {
            out.println(r.engine() + ": " + r.where());
        }
    }

    private static Object na(double v) {
        return Double.isNaN(v) ? "n/a" : v;
    }
}
