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
import org.parley.bench.report.CpuMeter;
import org.parley.bench.report.Latency;
import org.parley.bench.report.Table;
import org.parley.bench.support.Bounded;
import org.parley.bench.support.LeanTransport;
import org.parley.bench.support.Logins;
import org.parley.bench.support.ServerProcess;
import org.parley.client.api.ParleyClient;

/**
 * N online receivers, S senders broadcasting to all of them through a server process. Two phases per
 * N: a fixed offered rate (latency with the server not saturated) and saturation (every sender keeps
 * a window of broadcasts in flight; deliveries per second). Both count every delivery they expect.
 */
public final class FanoutBenchmark {

    public record Settings(List<Integer> receivers, int senders, int fixedRate, double warmUpSeconds,
                           double fixedSeconds, double saturationSeconds, int window, int clientThreads,
                           List<String> serverJvm) {
    }

    /** One phase at one N: what was sent, what arrived, how fast, how late. */
    public record Phase(String name, int receivers, long broadcasts, long expected, long delivered, double seconds,
                        Latency latency, CpuMeter.CpuUse generatorCpu, double serverCpuSeconds) {
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

    public FanoutBenchmark(Settings settings) {
        this(settings, true);
    }

    /** {@code tls} false: the server runs with --no-tls and clients connect plain. */
    public FanoutBenchmark(Settings settings, boolean tls) {
        this.settings = settings;
        this.tls = tls;
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
        try (ServerProcess server = ServerProcess.start(dir, "testing", settings.serverJvm(), tls)) {
            DeliveryProbe probe = new DeliveryProbe();
            receivers.addAll(Bounded.run(0, n, 64, i -> LeanReceiver.login(server.endpoint(), lean, "rcv" + i, "pw", probe)));
            List<ParleyClient> senders = Bounded.run(0, settings.senders(), 8,
                    i -> Logins.login(server.endpoint(), group, "snd" + i, "pw"));
            clients.addAll(senders);
            clients.forEach(c -> c.addListener(probe));
            // every broadcast reaches every other online client, senders included
            long perBroadcast = n + settings.senders() - 1L;
            if (settings.warmUpSeconds() > 0) {
                // Not reported: lets the server's JIT compile the fan-out path, as it has on a server that has run a while.
                fixedRate(server, probe, senders, n, perBroadcast, settings.warmUpSeconds());
            }
            List<Phase> phases = new ArrayList<>();
            phases.add(fixedRate(server, probe, senders, n, perBroadcast, settings.fixedSeconds()));
            phases.add(saturation(server, probe, senders, n, perBroadcast));
            return phases;
        } finally {
            clients.forEach(ParleyClient::close);
            receivers.forEach(Channel::close);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            lean.close();
        }
    }

    private Phase fixedRate(ServerProcess server, DeliveryProbe probe, List<ParleyClient> senders, int n,
                            long perBroadcast, double phaseSeconds) throws Exception {
        long broadcasts = Math.max(1, Math.round(settings.fixedRate() * phaseSeconds));
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / settings.fixedRate();
        AtomicLong sent = new AtomicLong();
        CompletableFuture<Void> done = new CompletableFuture<>();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long before = probe.delivered();
        probe.takeLatency();
        double serverCpu = server.cpuSeconds();
        CpuMeter cpu = CpuMeter.start();
        long start = System.nanoTime();
        try {
            ticker.scheduleAtFixedRate(() -> {
                long k = sent.getAndIncrement();
                if (k >= broadcasts) {
                    done.complete(null);
                    return;
                }
                senders.get((int) (k % senders.size())).broadcast(DeliveryProbe.stamp())
                        .exceptionally(e -> failed(done, e));
            }, 0, periodNanos, TimeUnit.NANOSECONDS);
            done.get();
        } finally {
            ticker.shutdownNow();
        }
        long expected = broadcasts * perBroadcast;
        awaitDeliveries(() -> probe.delivered() - before >= expected);
        double seconds = (Math.max(probe.lastDeliveryNanos(), start) - start) / 1e9;
        return new Phase(wire() + settings.fixedRate() + " bcast/s", n, broadcasts, expected, probe.delivered() - before,
                seconds, Latency.of(probe.takeLatency()), cpu.stop(), server.cpuSeconds() - serverCpu);
    }

    private Phase saturation(ServerProcess server, DeliveryProbe probe, List<ParleyClient> senders, int n,
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
        return new Phase(wire() + "saturation", n, sent.get(), expected, probe.delivered() - before, seconds,
                Latency.of(probe.takeLatency()), cpu.stop(), server.cpuSeconds() - serverCpu);
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

    private static <T> T failed(CompletableFuture<Void> done, Throwable e) {
        done.completeExceptionally(e);
        return null;
    }

    /** Waits for the stragglers; what has not arrived by the timeout is reported as lost. */
    private static void awaitDeliveries(BooleanSupplier allArrived) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT_NANOS;
        while (!allArrived.getAsBoolean() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    public static void print(List<Phase> phases, PrintStream out) {
        Table t = new Table("fanout: broadcasts to N online users through a server process (latency = send to receive)",
                "N", "phase", "broadcasts", "deliveries", "lost", "deliveries/s", "p50 ms", "p99 ms", "p99.9 ms",
                "max ms", "gen CPU cores", "server CPU cores");
        for (Phase p : phases) {
            t.row(p.receivers(), p.name(), p.broadcasts(), p.delivered(), p.lost(), p.deliveriesPerSecond(),
                    p.latency().p50(), p.latency().p99(), p.latency().p999(), p.latency().max(),
                    p.generatorCpu().coresUsed(), p.serverCpuSeconds() / p.seconds());
        }
        t.print(out);
        phases.stream().filter(p -> p.generatorCpu().likelyBottleneck()).forEach(p -> out.printf(
                "N=%d %s: %s%n", p.receivers(), p.name(), p.generatorCpu().describe()));
    }
}
