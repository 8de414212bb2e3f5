package org.parley.bench.fanout;

import io.netty.channel.Channel;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;
import org.parley.bench.report.CpuMeter;
import org.parley.bench.report.Latency;
import org.parley.bench.report.Table;
import org.parley.bench.support.BenchNodes;
import org.parley.bench.support.Bounded;
import org.parley.bench.support.LeanTransport;
import org.parley.bench.support.Logins;
import org.parley.client.api.ParleyClient;

/**
 * N online receivers, S senders broadcasting to all of them through a server process. Two phases per
 * N: a fixed offered rate (latency with the server not saturated) and saturation (every sender keeps
 * a window of broadcasts in flight; deliveries per second). Both count every delivery they expect.
 * On several cluster nodes ({@link BenchNodes.Plan}) the senders are on node 1 and the receivers are
 * dealt round-robin over the nodes; latency is also reported for the receivers on node 1 alone
 * ("near") and on the other nodes alone ("far", the deliveries that crossed the bus).
 */
public final class FanoutBenchmark {

    public record Settings(List<Integer> receivers, int senders, int fixedRate, double warmUpSeconds,
                           double fixedSeconds, double saturationSeconds, int window, int clientThreads,
                           List<String> serverJvm) {
    }

    /**
     * One phase at one N: what was sent, what arrived, how fast, how late; {@code setup} names the servers
     * ({@link BenchNodes.Plan#label()}), {@code near} and {@code far} are null on one node.
     */
    public record Phase(String name, int receivers, long broadcasts, long expected, long delivered, double seconds,
                        Latency latency, CpuMeter.CpuUse generatorCpu, double serverCpuSeconds, String setup,
                        Latency near, Latency far) {
        public double deliveriesPerSecond() {
            return delivered / seconds;
        }

        public long lost() {
            return expected - delivered;
        }
    }

    private static final long DRAIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Settings settings;
    private final boolean tls;
    private final BenchNodes.Plan plan;

    public FanoutBenchmark(Settings settings) {
        this(settings, true);
    }

    /** {@code tls} false: the server runs with --no-tls and clients connect plain. */
    public FanoutBenchmark(Settings settings, boolean tls) {
        this(settings, BenchNodes.Plan.sqlite("testing", settings.serverJvm(), tls));
    }

    /** On the servers {@code plan} starts, a fresh set for each N. */
    public FanoutBenchmark(Settings settings, BenchNodes.Plan plan) {
        this.settings = settings;
        this.tls = plan.tls();
        this.plan = plan;
    }

    public List<Phase> run(Path workDir) throws Exception {
        List<Phase> phases = new ArrayList<>();
        for (int n : settings.receivers()) {
            phases.addAll(runAt(workDir.resolve("n" + n), n));
        }
        return phases;
    }

    private List<Phase> runAt(Path dir, int n) throws Exception {
        NioEventLoopGroup group = new NioEventLoopGroup(settings.clientThreads());
        LeanTransport lean = LeanTransport.best(settings.clientThreads());
        List<ParleyClient> clients = new ArrayList<>();
        List<Channel> receivers = new ArrayList<>();
        try (BenchNodes nodes = plan.start(dir)) {
            Probes probe = new Probes(nodes.servers().size());
            receivers.addAll(Bounded.run(0, n, 64, i -> LeanReceiver.login(nodes.node(i).endpoint(), lean, "rcv" + i, "pw",
                    probe.onNode(i))));
            List<ParleyClient> senders = Bounded.run(0, settings.senders(), 8,
                    i -> Logins.login(nodes.node(0).endpoint(), group, "snd" + i, "pw"));
            clients.addAll(senders);
            clients.forEach(c -> c.addListener(probe.onNode(0)));
            // every broadcast reaches every other online client, senders included
            long perBroadcast = n + settings.senders() - 1L;
            if (settings.warmUpSeconds() > 0) {
                // Not reported: lets the server's JIT compile the fan-out path, as it has on a server that has run a while.
                fixedRate(nodes, probe, senders, n, perBroadcast, settings.warmUpSeconds());
            }
            List<Phase> phases = new ArrayList<>();
            phases.add(fixedRate(nodes, probe, senders, n, perBroadcast, settings.fixedSeconds()));
            phases.add(saturation(nodes, probe, senders, n, perBroadcast));
            return phases;
        } finally {
            clients.forEach(ParleyClient::close);
            receivers.forEach(Channel::close);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            lean.close();
        }
    }

    /** One {@link DeliveryProbe} per node, so the deliveries on node 1 and on the others are told apart. */
    private static final class Probes {
        private final List<DeliveryProbe> byNode = new ArrayList<>();

        Probes(int nodes) {
            for (int i = 0; i < nodes; i++) {
                byNode.add(new DeliveryProbe());
            }
        }

        /** The probe of the node user {@code i} is dealt to (round-robin, as {@link BenchNodes#node}). */
        DeliveryProbe onNode(int i) {
            return byNode.get(i % byNode.size());
        }

        long delivered() {
            return byNode.stream().mapToLong(DeliveryProbe::delivered).sum();
        }

        long lastDeliveryNanos() {
            return byNode.stream().mapToLong(DeliveryProbe::lastDeliveryNanos).max().orElse(0);
        }

        /**
         * All deliveries since the last call, those on node 1 (the senders') and those on the other nodes;
         * the last two null with one node.
         */
        Latency[] takeLatency() {
            Histogram all = Latency.newHistogram();
            Histogram far = Latency.newHistogram();
            Histogram near = byNode.get(0).takeLatency();
            all.add(near);
            for (int i = 1; i < byNode.size(); i++) {
                Histogram h = byNode.get(i).takeLatency();
                all.add(h);
                far.add(h);
            }
            boolean one = byNode.size() == 1;
            return new Latency[] {Latency.of(all), one ? null : Latency.of(near), one ? null : Latency.of(far)};
        }
    }

    private Phase fixedRate(BenchNodes server, Probes probe, List<ParleyClient> senders, int n,
                            long perBroadcast, double phaseSeconds) throws Exception {
        long broadcasts = Math.max(1, Math.round(settings.fixedRate() * phaseSeconds));
        long before = probe.delivered();
        probe.takeLatency();
        double serverCpu = server.cpuSeconds();
        CpuMeter cpu = CpuMeter.start();
        long start = System.nanoTime();
        offer(broadcasts, settings.fixedRate(),
                k -> senders.get((int) (k % senders.size())).broadcast(DeliveryProbe.stamp()));
        long expected = broadcasts * perBroadcast;
        awaitDeliveries(() -> probe.delivered() - before >= expected);
        double seconds = (Math.max(probe.lastDeliveryNanos(), start) - start) / 1e9;
        Latency[] latency = probe.takeLatency();
        return new Phase(wire() + settings.fixedRate() + " bcast/s", n, broadcasts, expected, probe.delivered() - before,
                seconds, latency[0], cpu.stop(), server.cpuSeconds() - serverCpu, plan.label(), latency[1], latency[2]);
    }

    private Phase saturation(BenchNodes server, Probes probe, List<ParleyClient> senders, int n,
                             long perBroadcast) throws Exception {
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicLong sent = new AtomicLong();
        CompletableFuture<Void> failure = new CompletableFuture<>();
        long before = probe.delivered();
        probe.takeLatency();
        double serverCpu = server.cpuSeconds();
        CpuMeter cpu = CpuMeter.start();
        long start = System.nanoTime();
        List<Semaphore> windows = new ArrayList<>();
        for (ParleyClient sender : senders) {
            Semaphore window = new Semaphore(settings.window());
            windows.add(window);
            for (int i = 0; i < settings.window(); i++) {
                keepSending(sender, window, sending, sent, failure);
            }
        }
        long end = start + (long) (settings.saturationSeconds() * 1e9);
        while (System.nanoTime() < end && !failure.isDone()) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        sending.set(false);
        if (failure.isCompletedExceptionally()) {
            failure.join();
        }
        for (Semaphore window : windows) {
            // every broadcast in flight releases its permit when answered
            if (!window.tryAcquire(settings.window(), 60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("broadcasts still unanswered after 60 s");
            }
        }
        long expected = sent.get() * perBroadcast;
        awaitDeliveries(() -> probe.delivered() - before >= expected);
        double seconds = (Math.max(probe.lastDeliveryNanos(), start) - start) / 1e9;
        Latency[] latency = probe.takeLatency();
        return new Phase(wire() + "saturation", n, sent.get(), expected, probe.delivered() - before, seconds,
                latency[0], cpu.stop(), server.cpuSeconds() - serverCpu, plan.label(), latency[1], latency[2]);
    }

    private String wire() {
        return tls ? "tls, " : "plain, ";
    }

    /** One slot of a sender's window: broadcast, and on the answer broadcast again while the phase runs. */
    private static void keepSending(ParleyClient sender, Semaphore window, AtomicBoolean sending, AtomicLong sent,
                                    CompletableFuture<Void> failure) {
        if (!sending.get() || !window.tryAcquire()) {
            return;
        }
        sent.incrementAndGet();
        sender.broadcast(DeliveryProbe.stamp()).whenComplete((ok, e) -> {
            window.release();
            if (e != null) {
                failure.completeExceptionally(e);
            } else {
                keepSending(sender, window, sending, sent, failure);
            }
        });
    }

    /**
     * Sends broadcast {@code k} for k = 0 .. {@code broadcasts}-1, {@code rate} a second on a ticker, and returns
     * when the last was sent; the first send that fails ends the phase with its failure.
     */
    static void offer(long broadcasts, int rate, LongFunction<CompletableFuture<?>> send) throws Exception {
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        AtomicLong sent = new AtomicLong();
        CompletableFuture<Void> done = new CompletableFuture<>();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        try {
            ticker.scheduleAtFixedRate(() -> {
                long k = sent.getAndIncrement();
                if (k >= broadcasts) {
                    done.complete(null);
                    return;
                }
                send.apply(k).whenComplete((ok, e) -> {
                    if (e != null) {
                        done.completeExceptionally(e);
                    }
                });
            }, 0, periodNanos, TimeUnit.NANOSECONDS);
            done.get();
        } finally {
            ticker.shutdownNow();
        }
    }

    /** Waits for the stragglers; what has not arrived by the timeout is reported as lost. */
    static void awaitDeliveries(BooleanSupplier allArrived) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT_NANOS;
        while (!allArrived.getAsBoolean() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    public static void print(List<Phase> phases, PrintStream out) {
        boolean clustered = phases.stream().anyMatch(p -> p.far() != null);
        Table t = clustered
                ? new Table("fanout: broadcasts to N online users through server processes (latency = send to receive; "
                        + "near = receivers on the senders' node 1, far = on the others)",
                        "setup", "N", "phase", "broadcasts", "deliveries", "lost", "deliveries/s", "p50 ms", "p99 ms",
                        "p99.9 ms", "max ms", "near p50 ms", "far p50 ms", "near p99 ms", "far p99 ms", "gen CPU cores",
                        "server CPU cores")
                : new Table("fanout: broadcasts to N online users through a server process (latency = send to receive)",
                        "N", "phase", "broadcasts", "deliveries", "lost", "deliveries/s", "p50 ms", "p99 ms", "p99.9 ms",
                        "max ms", "gen CPU cores", "server CPU cores");
        for (Phase p : phases) {
            if (clustered) {
                t.row(p.setup(), p.receivers(), p.name(), p.broadcasts(), p.delivered(), p.lost(), p.deliveriesPerSecond(),
                        p.latency().p50(), p.latency().p99(), p.latency().p999(), p.latency().max(),
                        p.near() == null ? "-" : p.near().p50(), p.far() == null ? "-" : p.far().p50(),
                        p.near() == null ? "-" : p.near().p99(), p.far() == null ? "-" : p.far().p99(),
                        p.generatorCpu().coresUsed(), p.serverCpuSeconds() / p.seconds());
            } else {
                t.row(p.receivers(), p.name(), p.broadcasts(), p.delivered(), p.lost(), p.deliveriesPerSecond(),
                        p.latency().p50(), p.latency().p99(), p.latency().p999(), p.latency().max(),
                        p.generatorCpu().coresUsed(),
                        Double.isNaN(p.serverCpuSeconds()) ? "-" : p.serverCpuSeconds() / p.seconds());
            }
        }
        t.print(out);
        phases.stream().filter(p -> p.generatorCpu().likelyBottleneck()).forEach(p -> out.printf(
                "N=%d %s: %s%n", p.receivers(), p.name(), p.generatorCpu().describe()));
    }
}
