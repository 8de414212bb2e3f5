package org.parley.bench.direct;

import io.netty.channel.Channel;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Recorder;
import org.parley.bench.report.CpuMeter;
import org.parley.bench.report.Latency;
import org.parley.bench.report.Table;
import org.parley.bench.support.BenchNodes;
import org.parley.bench.support.Bounded;
import org.parley.bench.support.LeanLogin;
import org.parley.bench.support.LeanTransport;

/**
 * Direct messages acknowledged per second from senders on one node to recipients on a given node of a
 * {@link BenchNodes} set: the same node (within) or another (across the bus). One way: each sender
 * keeps a window of {@link LeanMessenger} messages to its own recipient in flight; the recipient only
 * acknowledges what it receives (a window of 0), as the real client does. The server acknowledges a
 * message after its commit, so the rate is the durable one, and across nodes the recipient's node
 * learns of it over the bus.
 *
 * <p>Runs on the caller's thread; the messengers on their channels' event loops.
 */
public final class NodeDirect {

    public record Settings(int pairs, int window, double warmUpSeconds, double seconds) {
    }

    /** One measured phase: who sent where, what was acknowledged and how fast. */
    public record Rate(String setup, String path, long acked, double seconds, Latency ackLatency,
                       CpuMeter.CpuUse generatorCpu, double serverCpuSeconds) {
        public double ackedPerSecond() {
            return acked / seconds;
        }
    }

    /** The path of a phase whose recipients are on the senders' node. */
    public static final String WITHIN = "node 1 -> node 1";

    private final Settings settings;

    public NodeDirect(Settings settings) {
        this.settings = settings;
    }

    /**
     * Senders on node 1, recipients on node {@code recipientNode + 1}; users named {@code prefix}0, 1, ...
     * (unique within the set's store).
     */
    public Rate run(BenchNodes nodes, String setup, int recipientNode, String prefix, LeanTransport transport)
            throws Exception {
        Recorder recorder = new Recorder(Latency.newHistogram().getHighestTrackableValue(), 3);
        LeanMessenger.Run run = LeanMessenger.Run.start(recorder);
        List<LeanMessenger> messengers = new ArrayList<>();
        for (int i = 0; i < settings.pairs() * 2; i++) {
            // prefix0 -> prefix1, prefix2 -> prefix3, ...: the odd ones only receive
            messengers.add(new LeanMessenger(prefix + i, prefix + (i ^ 1), i % 2 == 0 ? settings.window() : 0, run));
        }
        // Recipients first, so that every message finds its recipient online; the watcher on node 1 first of
        // all, so that it hears every recipient's login (a login is announced to the sessions older than it).
        LoginWatcher watcher = new LoginWatcher(recipientNode == 0 ? 0 : settings.pairs());
        List<Channel> channels = new ArrayList<>();
        try {
            channels.add(LeanLogin.login(nodes.node(0).endpoint(), transport, prefix + "watch", "pw", watcher)
                    .get(60, TimeUnit.SECONDS));
            List<Channel> recipients = Bounded.run(0, settings.pairs(), 64, k -> LeanLogin.login(
                    nodes.node(recipientNode).endpoint(), transport, prefix + (2 * k + 1), "pw", messengers.get(2 * k + 1)));
            channels.addAll(recipients);
            watcher.all().get(60, TimeUnit.SECONDS);
            List<Channel> senders = Bounded.run(0, settings.pairs(), 64, k -> LeanLogin.login(
                    nodes.node(0).endpoint(), transport, prefix + (2 * k), "pw", messengers.get(2 * k)));
            channels.addAll(senders);
            for (int k = 0; k < senders.size(); k++) {
                messengers.get(2 * k).start(senders.get(k));
            }
            // The first seconds are not reported: the servers' JIT compiles the message path meanwhile.
            run.sleepWhileRunning(settings.warmUpSeconds());
            long ackedBefore = run.acked().sum();
            recorder.reset();
            double serverStart = nodes.cpuSeconds();
            CpuMeter meter = CpuMeter.start();
            long start = System.nanoTime();
            run.sleepWhileRunning(settings.seconds());
            run.stopAndDrain();
            double seconds = (System.nanoTime() - start) / 1e9;
            CpuMeter.CpuUse cpu = meter.stop();
            double serverCpu = nodes.cpuSeconds() - serverStart;
            if (run.failure().isCompletedExceptionally()) {
                run.failure().join();
            }
            String path = recipientNode == 0 ? WITHIN : "node 1 -> node " + (recipientNode + 1);
            return new Rate(setup, path, run.acked().sum() - ackedBefore, seconds,
                    Latency.of(recorder.getIntervalHistogram()), cpu, serverCpu);
        } finally {
            channels.forEach(Channel::close);
        }
    }

    public static void print(List<Rate> rates, PrintStream out) {
        Table t = new Table("direct messages, acknowledged after commit, senders on node 1",
                "setup", "path", "messages", "seconds", "msgs/s", "ack p50 ms", "ack p99 ms", "ack max ms",
                "gen CPU cores", "server CPU cores");
        for (Rate r : rates) {
            Latency l = r.ackLatency();
            t.row(r.setup(), r.path(), r.acked(), r.seconds(), r.ackedPerSecond(), l.p50(), l.p99(), l.max(),
                    r.generatorCpu().coresUsed(), r.serverCpuSeconds() / r.seconds());
        }
        t.print(out);
    }
}
