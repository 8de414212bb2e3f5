package org.parley.bench.fanout;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.parley.bench.direct.NodeDirect;
import org.parley.bench.report.Table;
import org.parley.bench.support.BenchNodes;
import org.parley.bench.support.LeanTransport;

/**
 * One node against several in the same run, alternating: for each run, each setup of {@code plans} in
 * turn (so that the machine's load, which drifts, falls on all of them alike) measures the fan-out
 * ({@link FanoutBenchmark}, the senders on node 1, the receivers dealt over the nodes) and then direct
 * messages from node 1 to node 1 and, on several nodes, to node 2 ({@link NodeDirect}). Every
 * measurement starts its own servers on a fresh PostgreSQL schema (and, for a cluster, a fresh bus
 * channel), dropped after it. Then the medians per setup.
 *
 * <p>Runs on the caller's thread.
 */
public final class NodeComparison {

    /** Everything one run of one setup measured. */
    public record Run(int run, BenchNodes.Plan plan, List<FanoutBenchmark.Phase> fanout, List<NodeDirect.Rate> direct) {
    }

    private final FanoutBenchmark.Settings fanout;
    private final NodeDirect.Settings direct;
    private final List<BenchNodes.Plan> plans;
    private final int runs;

    public NodeComparison(FanoutBenchmark.Settings fanout, NodeDirect.Settings direct, List<BenchNodes.Plan> plans,
                          int runs) {
        this.fanout = fanout;
        this.direct = direct;
        this.plans = plans;
        this.runs = runs;
    }

    public List<Run> run(Path workDir) throws Exception {
        List<Run> results = new ArrayList<>();
        for (int r = 1; r <= runs; r++) {
            for (BenchNodes.Plan plan : plans) {
                Path dir = Files.createDirectories(workDir.resolve("run" + r + "-nodes" + plan.nodes()));
                List<FanoutBenchmark.Phase> phases = new FanoutBenchmark(fanout, plan).run(dir.resolve("fanout"));
                List<NodeDirect.Rate> rates = new ArrayList<>();
                if (direct.pairs() > 0) {
                    try (LeanTransport transport = LeanTransport.best(fanout.clientThreads());
                            BenchNodes nodes = plan.start(dir.resolve("direct"))) {
                        NodeDirect dm = new NodeDirect(direct);
                        rates.add(dm.run(nodes, plan.label(), 0, "dw", transport));
                        if (nodes.servers().size() > 1) {
                            rates.add(dm.run(nodes, plan.label(), 1, "dx", transport));
                        }
                    }
                }
                Run done = new Run(r, plan, phases, rates);
                results.add(done);
                System.err.printf("run %d, %s: done%n", r, plan.label());
            }
        }
        return results;
    }

    public static void print(List<Run> runs, PrintStream out) {
        FanoutBenchmark.print(runs.stream().flatMap(r -> r.fanout().stream()).toList(), out);
        NodeDirect.print(runs.stream().flatMap(r -> r.direct().stream()).toList(), out);
        Table t = new Table("medians over " + runs.stream().mapToInt(Run::run).max().orElse(0) + " runs per setup "
                + "(server CPU: all nodes, per broadcast at saturation, per direct message)",
                "setup", "N", "saturation deliveries/s", "fixed-rate p50 ms", "fixed-rate p99 ms", "near p50 ms",
                "far p50 ms", "near p99 ms", "far p99 ms", "server CPU us/bcast", "DM within msgs/s", "DM across msgs/s",
                "server CPU us/DM within", "server CPU us/DM across");
        for (BenchNodes.Plan plan : runs.stream().map(Run::plan).distinct().toList()) {
            List<Run> mine = runs.stream().filter(r -> r.plan().equals(plan)).toList();
            List<FanoutBenchmark.Phase> phases = mine.stream().flatMap(r -> r.fanout().stream()).toList();
            List<NodeDirect.Rate> within = mine.stream().flatMap(r -> r.direct().stream())
                    .filter(x -> x.path().equals(NodeDirect.WITHIN)).toList();
            List<NodeDirect.Rate> across = mine.stream().flatMap(r -> r.direct().stream())
                    .filter(x -> !x.path().equals(NodeDirect.WITHIN)).toList();
            for (int n : phases.stream().map(FanoutBenchmark.Phase::receivers).distinct().toList()) {
                List<FanoutBenchmark.Phase> sat = phases.stream()
                        .filter(p -> p.receivers() == n && p.name().endsWith("saturation")).toList();
                List<FanoutBenchmark.Phase> fixed = phases.stream()
                        .filter(p -> p.receivers() == n && !p.name().endsWith("saturation")).toList();
                boolean split = fixed.stream().allMatch(p -> p.far() != null);
                t.row(plan.label(), n, median(sat, FanoutBenchmark.Phase::deliveriesPerSecond),
                        median(fixed, p -> p.latency().p50()), median(fixed, p -> p.latency().p99()),
                        split ? median(fixed, p -> p.near().p50()) : "-", split ? median(fixed, p -> p.far().p50()) : "-",
                        split ? median(fixed, p -> p.near().p99()) : "-", split ? median(fixed, p -> p.far().p99()) : "-",
                        median(sat, p -> 1e6 * p.serverCpuSeconds() / p.broadcasts()),
                        within.isEmpty() ? "-" : median(within, NodeDirect.Rate::ackedPerSecond),
                        across.isEmpty() ? "-" : median(across, NodeDirect.Rate::ackedPerSecond),
                        within.isEmpty() ? "-" : median(within, r -> 1e6 * r.serverCpuSeconds() / r.acked()),
                        across.isEmpty() ? "-" : median(across, r -> 1e6 * r.serverCpuSeconds() / r.acked()));
            }
        }
        t.print(out);
    }

    static <T> double median(List<T> values, ToDoubleFunction<T> f) {
        double[] sorted = values.stream().mapToDouble(f).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
