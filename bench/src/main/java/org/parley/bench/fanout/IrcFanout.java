package org.parley.bench.fanout;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.parley.bench.report.CpuMeter;
import org.parley.bench.report.Latency;
import org.parley.bench.report.ProcCpu;
import org.parley.bench.support.Bounded;
import org.parley.bench.support.LeanTransport;

/**
 * {@link FanoutBenchmark}'s fixed-rate phase against an IRC server that is already running (InspIRCd,
 * ngircd): the same receivers, senders, offered rate, warm-up and clock, with {@link IrcUser}s in one channel
 * instead of Parley users, so that a Parley figure and an IRC server's come from the same load tool in the
 * same run. Only the fixed-rate phase: IRC answers no message, so there is no window to keep full at
 * saturation. The server's CPU is read from {@code /proc} when its process id is given.
 */
final class IrcFanout {

    private final FanoutBenchmark.Settings settings;
    private final InetSocketAddress server;
    private final ProcCpu serverCpu;

    /** {@code serverCpu} reads the IRC server's CPU (NaN in the table when it cannot). */
    IrcFanout(FanoutBenchmark.Settings settings, InetSocketAddress server, ProcCpu serverCpu) {
        this.settings = settings;
        this.server = server;
        this.serverCpu = serverCpu;
    }

    List<FanoutBenchmark.Phase> run() throws Exception {
        List<FanoutBenchmark.Phase> phases = new ArrayList<>();
        for (int n : settings.receivers()) {
            phases.add(runAt(n));
        }
        return phases;
    }

    private FanoutBenchmark.Phase runAt(int n) throws Exception {
        LeanTransport lean = LeanTransport.best(settings.clientThreads());
        List<IrcUser> users = new ArrayList<>();
        // nicks of their own per run, so that a run does not meet the ghosts of the one before
        String run = Long.toString(System.nanoTime() % 46_656, 36);
        try {
            DeliveryProbe probe = new DeliveryProbe();
            users.addAll(Bounded.run(0, n, 64, i -> IrcUser.join(server, lean, "r" + run + "x" + i, probe)));
            List<IrcUser> senders = Bounded.run(0, settings.senders(), 8,
                    i -> IrcUser.join(server, lean, "s" + run + "x" + i, probe));
            users.addAll(senders);
            long perBroadcast = n + settings.senders() - 1L;
            if (settings.warmUpSeconds() > 0) {
                fixedRate(probe, senders, n, perBroadcast, settings.warmUpSeconds());
            }
            return fixedRate(probe, senders, n, perBroadcast, settings.fixedSeconds());
        } finally {
            users.forEach(IrcUser::close);
            lean.close();
        }
    }

    private FanoutBenchmark.Phase fixedRate(DeliveryProbe probe, List<IrcUser> senders, int n, long perBroadcast,
                                            double phaseSeconds) throws Exception {
        long broadcasts = Math.max(1, Math.round(settings.fixedRate() * phaseSeconds));
        long before = probe.delivered();
        probe.takeLatency();
        double serverBefore = serverCpu.seconds();
        CpuMeter cpu = CpuMeter.start();
        long start = System.nanoTime();
        FanoutBenchmark.offer(broadcasts, settings.fixedRate(),
                k -> senders.get((int) (k % senders.size())).say(DeliveryProbe.stamp()));
        long expected = broadcasts * perBroadcast;
        FanoutBenchmark.awaitDeliveries(() -> probe.delivered() - before >= expected);
        double seconds = (Math.max(probe.lastDeliveryNanos(), start) - start) / 1e9;
        return new FanoutBenchmark.Phase("irc " + server.getHostString() + ":" + server.getPort() + ", "
                + settings.fixedRate() + " msg/s", n, broadcasts, expected, probe.delivered() - before, seconds,
                Latency.of(probe.takeLatency()), cpu.stop(), serverCpu.seconds() - serverBefore, "irc", null, null);
    }
}
