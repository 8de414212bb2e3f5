package org.parley.bench.direct;

import io.netty.channel.Channel;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Recorder;
import org.parley.bench.report.CpuMeter;
import org.parley.bench.report.Latency;
import org.parley.bench.report.Table;
import org.parley.bench.support.Bounded;
import org.parley.bench.support.LeanLogin;
import org.parley.bench.support.LeanTransport;
import org.parley.bench.support.ServerProcess;

/**
 * Pairs of online users exchanging direct messages through a server process ({@link LeanMessenger}s:
 * pipelined, no JSON decoding, so the generator leaves the CPU to the server); the server answers each
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
        long acked;
        double seconds;
        Latency latency;
        CpuMeter.CpuUse cpu;
        double serverCpu;
        try (LeanTransport transport = LeanTransport.best(settings.clientThreads());
                ServerProcess server = ServerProcess.start(workDir.resolve("server"), "testing", settings.serverJvm())) {
            Recorder recorder = new Recorder(Latency.newHistogram().getHighestTrackableValue(), 3);
            LeanMessenger.Run run = LeanMessenger.Run.start(recorder);
            List<LeanMessenger> messengers = new ArrayList<>();
            for (int i = 0; i < settings.pairs() * 2; i++) {
                // dm0 <-> dm1, dm2 <-> dm3, ...
                messengers.add(new LeanMessenger("dm" + i, "dm" + (i ^ 1), settings.window(), run));
            }
            List<Channel> channels = Bounded.run(0, messengers.size(), 64,
                    i -> LeanLogin.login(server.endpoint(), transport, "dm" + i, "pw", messengers.get(i)));
            for (int i = 0; i < messengers.size(); i++) {
                messengers.get(i).start(channels.get(i));
            }
            // The first seconds are not reported: the server's JIT compiles the message path meanwhile.
            run.sleepWhileRunning(settings.warmUpSeconds());
            long ackedBefore = run.acked().sum();
            recorder.reset();
            double serverStart = server.cpuSeconds();
            CpuMeter meter = CpuMeter.start();
            long start = System.nanoTime();
            run.sleepWhileRunning(settings.seconds());
            run.stopAndDrain();
            seconds = (System.nanoTime() - start) / 1e9;
            cpu = meter.stop();
            serverCpu = server.cpuSeconds() - serverStart;
            if (run.failure().isCompletedExceptionally()) {
                run.failure().join();
            }
            acked = run.acked().sum() - ackedBefore;
            latency = Latency.of(recorder.getIntervalHistogram());
            channels.forEach(Channel::close);
        }
        StoreCeiling ceiling = new StoreCeiling(settings.rawMessages(), settings.rawBatch());
        StoreCeiling.Rate store = ceiling.throughStore(workDir.resolve("store"));
        StoreCeiling.Rate raw = ceiling.rawJdbc(workDir.resolve("raw"));
        return new Result(acked, seconds, latency, cpu, serverCpu, store, raw);
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
