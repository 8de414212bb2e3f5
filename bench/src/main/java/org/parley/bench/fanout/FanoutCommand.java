package org.parley.bench.fanout;

import java.util.List;
import java.util.concurrent.Callable;
import org.parley.bench.direct.NodeDirect;
import org.parley.bench.report.ProcCpu;
import org.parley.bench.support.BenchNodes;
import org.parley.bench.support.CommonOptions;
import org.parley.bench.support.PgDatabase;
import org.parley.bench.support.Scratch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "fanout", mixinStandardHelpOptions = true,
        description = "Broadcasts to N online users: latency at a fixed offered rate, deliveries/s at saturation.")
public final class FanoutCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--receivers", split = ",", description = "Online receivers, one run each (default: ${DEFAULT-VALUE}).",
            defaultValue = "100,1000,10000")
    List<Integer> receivers;

    @Option(names = "--senders", description = "Broadcasting users (default: ${DEFAULT-VALUE}).", defaultValue = "2")
    int senders;

    @Option(names = "--rate", description = "Offered broadcasts per second in the fixed-rate phase (default: ${DEFAULT-VALUE}).",
            defaultValue = "100")
    int rate;

    @Option(names = "--warm-up-seconds", description = "Unreported fixed-rate phase first, for the JIT (default: ${DEFAULT-VALUE}).",
            defaultValue = "5")
    double warmUpSeconds;

    @Option(names = "--seconds", description = "Length of each phase (default: ${DEFAULT-VALUE}).", defaultValue = "10")
    double seconds;

    @Option(names = "--window", description = "Broadcasts in flight per sender at saturation (default: ${DEFAULT-VALUE}).",
            defaultValue = "32")
    int window;

    @Option(names = "--nodes", split = ",", paramLabel = "SETUP", description = "Compare setups in one run, alternating: "
            + "1 (one server on PostgreSQL), 2 (two cluster nodes on one PostgreSQL schema and the bus; receivers "
            + "dealt over both, senders on node 1), sqlite (one server on SQLite), e.g. --nodes 1,2. Each setup also "
            + "measures direct messages node 1 -> node 1 and, on several nodes, node 1 -> node 2. Over TLS unless --wire "
            + "plain. Without it: one SQLite server.")
    List<String> nodes;

    @Option(names = "--runs", description = "With --nodes or --irc: how many times each setup runs, in turn (default: "
            + "${DEFAULT-VALUE}).", defaultValue = "1")
    int runs;

    @Option(names = "--irc", paramLabel = "HOST:PORT", description = "Also measure an IRC server already running there "
            + "(InspIRCd, ngircd), in turn with Parley's runs (IRC first in every second run): the same receivers, "
            + "senders, rate, warm-up and clock, in one channel; the fixed-rate phase only. Its connection class must admit every receiver from this "
            + "address and let a sender send --rate messages a second.")
    String irc;

    @Option(names = "--irc-pid", paramLabel = "PID", description = "With --irc: the IRC server's process id, to report "
            + "its CPU as the server's.")
    Long ircPid;

    @Option(names = "--db-url", description = "With --nodes: PostgreSQL JDBC URL; a schema parley_bench_<random> is made "
            + "in it per measurement and dropped after (default: $PARLEY_PG_URL; password from $PARLEY_PG_PASSWORD).")
    String dbUrl;

    @Option(names = "--db-user", description = "With --nodes: PostgreSQL user (default: $PARLEY_PG_USER).")
    String dbUser;

    @Option(names = "--bus", description = "With --nodes: the cluster bus, given a ?channel= of its own per measurement "
            + "unless it names one (default: ${DEFAULT-VALUE}).", defaultValue = "redis://127.0.0.1:6379")
    String bus;

    @Option(names = "--dm-pairs", description = "With --nodes: sender/recipient pairs of the direct-message phase; 0 = "
            + "none (default: ${DEFAULT-VALUE}).", defaultValue = "200")
    int dmPairs;

    @Option(names = "--dm-window", description = "With --nodes: unacknowledged messages per sender (default: ${DEFAULT-VALUE}).",
            defaultValue = "8")
    int dmWindow;

    List<FanoutBenchmark.Phase> result;
    List<NodeComparison.Run> comparison;
    /** Why setups of --nodes were not measured, one line each. */
    final List<String> skipped = new java.util.ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (nodes != null && !nodes.isEmpty()) {
            return compareNodes();
        }
        FanoutBenchmark.Settings settings = common.quick
                ? new FanoutBenchmark.Settings(List.of(5), 1, 20, 0, 0.5, 0.5, 4, 1, common.serverJvm)
                : new FanoutBenchmark.Settings(receivers, senders, rate, warmUpSeconds, seconds, seconds, window, common.clientThreads,
                        common.serverJvm);
        result = new java.util.ArrayList<>();
        java.net.InetSocketAddress ircServer = irc == null ? null : ircAddress(irc);
        ProcCpu ircCpu = ircPid == null ? ProcCpu.none() : new ProcCpu(() -> List.of(ircPid));
        for (int run = 0; run < (ircServer == null ? 1 : Math.max(1, runs)); run++) {
            // With --irc the order alternates, IRC first in every second run: the first measurement of the
            // run also warms this load generator's JIT, and that should not always fall on the same server.
            if (ircServer != null && run % 2 == 1) {
                result.addAll(new IrcFanout(settings, ircServer, ircCpu).run());
            }
            for (boolean tls : common.tlsRuns()) {
                try (Scratch scratch = Scratch.create("fanout", common.keep)) {
                    result.addAll(new FanoutBenchmark(settings, tls).run(scratch.dir()));
                }
            }
            if (ircServer != null && run % 2 == 0) {
                result.addAll(new IrcFanout(settings, ircServer, ircCpu).run());
            }
        }
        FanoutBenchmark.print(result, System.out);
        return 0;
    }

    private static java.net.InetSocketAddress ircAddress(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--irc takes HOST:PORT, not '" + hostPort + "'");
        }
        return new java.net.InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private int compareNodes() throws Exception {
        FanoutBenchmark.Settings settings = common.quick
                ? new FanoutBenchmark.Settings(List.of(6), 1, 20, 0, 0.5, 0.5, 4, 1, common.serverJvm)
                : new FanoutBenchmark.Settings(receivers, senders, rate, warmUpSeconds, seconds, seconds, window,
                        common.clientThreads, common.serverJvm);
        NodeDirect.Settings direct = common.quick
                ? new NodeDirect.Settings(Math.min(dmPairs, 2), 2, 0, 0.5)
                : new NodeDirect.Settings(dmPairs, dmWindow, warmUpSeconds, seconds);
        boolean tls = common.wire != CommonOptions.Wire.plain;
        PgDatabase database = PgDatabase.fromEnvironment(dbUrl, dbUser);
        String noDatabase = null;
        String noBus = null;
        List<BenchNodes.Plan> plans = new java.util.ArrayList<>();
        for (String setup : nodes) {
            int count = setupNodes(setup);
            if (count == 0) {
                plans.add(BenchNodes.Plan.sqlite("testing", common.serverJvm, tls));
                continue;
            }
            if (noDatabase == null) {
                noDatabase = database.unavailable();
            }
            if (noDatabase != null) {
                skipped.add("skipped " + count + " node(s): " + noDatabase);
                continue;
            }
            if (count > 1) {
                if (noBus == null) {
                    noBus = BenchNodes.busUnavailable(bus);
                }
                if (noBus != null) {
                    skipped.add("skipped " + count + " nodes (the cluster part): " + noBus);
                    continue;
                }
            }
            plans.add(new BenchNodes.Plan(count, database, bus, "testing", common.serverJvm, tls));
        }
        skipped.forEach(System.out::println);
        try (Scratch scratch = Scratch.create("fanout-nodes", common.keep)) {
            comparison = new NodeComparison(settings, direct, plans, runs).run(scratch.dir());
        }
        NodeComparison.print(comparison, System.out);
        skipped.forEach(System.out::println);
        return 0;
    }

    /** 0 for sqlite, else the number of nodes. */
    private static int setupNodes(String setup) {
        if (setup.trim().equalsIgnoreCase("sqlite")) {
            return 0;
        }
        try {
            int count = Integer.parseInt(setup.trim());
            if (count >= 1) {
                return count;
            }
        } catch (NumberFormatException notANumber) {
            // answered below, with what --nodes takes
        }
        throw new IllegalArgumentException("--nodes takes 1, 2, ... or sqlite, not '" + setup + "'");
    }

    public List<FanoutBenchmark.Phase> result() {
        return result;
    }

    /** With --nodes: every run of every setup measured. */
    public List<NodeComparison.Run> comparison() {
        return comparison;
    }

    public List<String> skipped() {
        return skipped;
    }
}
