package org.parley.bench.direct;

import io.netty.channel.nio.NioEventLoopGroup;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;
import org.parley.bench.report.CpuMeter;
import org.parley.bench.report.Latency;
import org.parley.bench.report.Table;
import org.parley.bench.support.Bounded;
import org.parley.bench.support.Logins;
import org.parley.bench.support.ServerProcess;
import org.parley.client.api.ParleyClient;

/**
 * Pairs of online users exchanging direct messages through a server process; the server answers each
 * message only after it is committed, so acknowledged messages per second is the durable rate. Then,
 * in the same run, the storage alone: {@link StoreCeiling} (the server's store without the network)
 * and the raw batched JDBC insert (the ceiling).
 */
public final class DirectBenchmark {

    public record Settings(int pairs, int window, double warmUpSeconds, double seconds, int rawMessages, int rawBatch, int clientThreads,
                           List<String> serverJvm) {
    }

    public record Result(long acked, double seconds, Latency ackLatency, CpuMeter.CpuUse generatorCpu,
                         double serverCpuSeconds, StoreCeiling.Rate store, StoreCeiling.Rate raw) {
        public double ackedPerSecond() {
            return acked / seconds;
        }
    }

    private final Settings settings;

    public DirectBenchmark(Settings settings) {
        this.settings = settings;
    }

    public Result run(Path workDir) throws Exception {
        NioEventLoopGroup group = new NioEventLoopGroup(settings.clientThreads());
        List<ParleyClient> clients = new ArrayList<>();
        long acked;
        double seconds;
        Latency latency;
        CpuMeter.CpuUse cpu;
        double serverCpu;
        try (ServerProcess server = ServerProcess.start(workDir.resolve("server"), "testing", settings.serverJvm())) {
            clients.addAll(Bounded.run(0, settings.pairs() * 2, 64,
                    i -> Logins.login(server.port(), group, "dm" + i, "pw")));
            Recorder recorder = new Recorder(Latency.newHistogram().getHighestTrackableValue(), 3);
            LongAdder done = new LongAdder();
            AtomicBoolean sending = new AtomicBoolean(true);
            CompletableFuture<Void> failure = new CompletableFuture<>();
            List<Semaphore> windows = new ArrayList<>();
            for (int i = 0; i < clients.size(); i++) {
                // dm0 <-> dm1, dm2 <-> dm3, ...
                String peer = "dm" + (i ^ 1);
                Semaphore window = new Semaphore(settings.window());
                windows.add(window);
                for (int w = 0; w < settings.window(); w++) {
                    send(clients.get(i), peer, window, sending, recorder, done, failure);
                }
            }
            // The first seconds are not reported: the server's JIT compiles the message path meanwhile.
            long warmUpEnd = System.nanoTime() + (long) (settings.warmUpSeconds() * 1e9);
            while (System.nanoTime() < warmUpEnd && !failure.isDone()) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
            long ackedBefore = done.sum();
            recorder.reset();
            double serverStart = server.cpuSeconds();
            CpuMeter meter = CpuMeter.start();
            long start = System.nanoTime();
            long end = start + (long) (settings.seconds() * 1e9);
            while (System.nanoTime() < end && !failure.isDone()) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
            sending.set(false);
            for (Semaphore window : windows) {
                if (!window.tryAcquire(settings.window(), 60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("messages still unacknowledged after 60 s");
                }
            }
            seconds = (System.nanoTime() - start) / 1e9;
            cpu = meter.stop();
            serverCpu = server.cpuSeconds() - serverStart;
            if (failure.isCompletedExceptionally()) {
                failure.join();
            }
            acked = done.sum() - ackedBefore;
            latency = Latency.of(recorder.getIntervalHistogram());
        } finally {
            clients.forEach(ParleyClient::close);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        StoreCeiling ceiling = new StoreCeiling(settings.rawMessages(), settings.rawBatch());
        StoreCeiling.Rate store = ceiling.throughStore(workDir.resolve("store"));
        StoreCeiling.Rate raw = ceiling.rawJdbc(workDir.resolve("raw"));
        return new Result(acked, seconds, latency, cpu, serverCpu, store, raw);
    }

    private static void send(ParleyClient client, String peer, Semaphore window, AtomicBoolean sending,
                             Recorder recorder, LongAdder done, CompletableFuture<Void> failure) {
        if (!sending.get() || !window.tryAcquire()) {
            return;
        }
        long sentAt = System.nanoTime();
        client.message(peer, "m" + sentAt).whenComplete((ok, e) -> {
            window.release();
            if (e != null) {
                failure.completeExceptionally(e);
                return;
            }
            recorder.recordValue(Math.max(1_000L, System.nanoTime() - sentAt));
            done.increment();
            send(client, peer, window, sending, recorder, done, failure);
        });
    }

    public static void print(Result r, PrintStream out) {
        Table t = new Table("direct: durable direct messages, acknowledged after commit (SQLite, WAL, synchronous=FULL)",
                "path", "messages", "seconds", "msgs/s", "ack p50 ms", "ack p99 ms", "ack p99.9 ms", "ack max ms");
        Latency l = r.ackLatency();
        t.row("server (pairs over TCP)", r.acked(), r.seconds(), r.ackedPerSecond(), l.p50(), l.p99(), l.p999(), l.max());
        t.row("store alone (JdbcStore.saveOfflineMessage)", r.store().messages(), r.store().seconds(),
                r.store().perSecond(), "-", "-", "-", "-");
        t.row("raw JDBC batched inserts (ceiling)", r.raw().messages(), r.raw().seconds(), r.raw().perSecond(),
                "-", "-", "-", "-");
        t.print(out);
        out.printf("server / raw ceiling = %.1f%%; store alone / raw = %.1f%%; server CPU %.2f cores%n",
                100 * r.ackedPerSecond() / r.raw().perSecond(), 100 * r.store().perSecond() / r.raw().perSecond(),
                r.serverCpuSeconds() / r.seconds());
        out.println(r.generatorCpu().describe());
    }
}
