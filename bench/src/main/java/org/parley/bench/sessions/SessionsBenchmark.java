package org.parley.bench.sessions;

import io.netty.channel.Channel;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.parley.bench.report.CpuMeter;
import org.parley.bench.report.Table;
import org.parley.bench.support.Bounded;
import org.parley.bench.support.LeanLogin;
import org.parley.bench.support.BenchNodes;
import org.parley.bench.support.LeanTransport;
import org.parley.bench.support.PgDatabase;
import org.parley.bench.support.Logins;
import org.parley.bench.support.ServerProcess;

/**
 * Ramps logged-in idle sessions against a server process and, at each checkpoint, reads the server's
 * resident memory and live heap: the growth per session is what one idle session costs the server.
 *
 * <p>Every session is a real login (registration on first use) by a lean user ({@link LeanLogin}: three
 * pipelined lines, and what arrives afterwards is not decoded), so the generator's CPU goes to
 * connections, not to JSON. Each login also tells every session already online, so the ramp does
 * O(n^2) presence notifications in total: that is the protocol's cost, measured as is.
 */
public final class SessionsBenchmark {

    private static final LeanLogin.Lines IGNORE = (ctx, buf, from, length) -> { };

    /** Checkpoints in ascending order; the last is the total. */
    /**
     * {@code settleSeconds}: the wait after each checkpoint's last login before the memory is read, so
     * that the logins' garbage and the presence notices in flight are gone; {@code diagnose}: also print
     * the server's class histogram (and its native memory summary when it runs with
     * {@code -XX:NativeMemoryTracking=summary}) empty and at the last checkpoint.
     */
    /** {@code database} null: the server on its embedded SQLite file, as by default; else on a fresh schema there. */
    public record Settings(List<Integer> checkpoints, int inFlight, int clientThreads, List<String> serverJvm,
                           boolean tls, double settleSeconds, boolean diagnose, PgDatabase database) {
        public int total() {
            return checkpoints.get(checkpoints.size() - 1);
        }
    }

    /** One checkpoint: sessions held, login rate of the last segment, server memory and CPU. */
    public record Checkpoint(int sessions, double segmentSeconds, double loginsPerSecond, long residentKiB,
                             long liveHeapKiB, double rssPerSessionKiB, double heapPerSessionKiB, double serverCpuSeconds) {
    }

    public record Result(boolean tls, long baselineResidentKiB, long baselineHeapKiB, List<Checkpoint> checkpoints,
                         double totalSeconds, CpuMeter.CpuUse generatorCpu) {
        public double loginsPerSecond() {
            return checkpoints.get(checkpoints.size() - 1).sessions() / totalSeconds;
        }
    }

    private final Settings settings;

    public SessionsBenchmark(Settings settings) {
        this.settings = settings;
    }

    public Result run(Path workDir) throws Exception {
        List<Channel> clients = new ArrayList<>(settings.total());
        LeanTransport transport = LeanTransport.best(settings.clientThreads());
        BenchNodes.Plan plan = settings.database() == null
                ? BenchNodes.Plan.sqlite("testing", settings.serverJvm(), settings.tls())
                : new BenchNodes.Plan(1, settings.database(), null, "testing", settings.serverJvm(), settings.tls());
        try (BenchNodes nodes = plan.start(workDir.resolve("server"))) {
            ServerProcess server = nodes.servers().get(0);
            settle();
            diagnose(server, "empty server");
            long baseHeap = server.liveHeapKiB();
            long baseRss = server.residentKiB();
            List<Checkpoint> points = new ArrayList<>();
            CpuMeter cpu = CpuMeter.start();
            long start = System.nanoTime();
            int held = 0;
            for (int target : settings.checkpoints()) {
                long segmentStart = System.nanoTime();
                clients.addAll(Bounded.run(held, target, settings.inFlight(),
                        i -> LeanLogin.login(server.endpoint(), transport, Logins.user("idle", i), "pw" + i, IGNORE)));
                double segment = (System.nanoTime() - segmentStart) / 1e9;
                int added = target - held;
                held = target;
                settle();
                long heap = server.liveHeapKiB();
                long rss = server.residentKiB();
                Checkpoint point = new Checkpoint(held, segment, added / segment, rss, heap,
                        (rss - baseRss) / (double) held, (heap - baseHeap) / (double) held, server.cpuSeconds());
                points.add(point);
                // a long ramp may be cut short: every checkpoint is on record as soon as it is measured
                System.err.println("checkpoint: " + point);
            }
            double total = (System.nanoTime() - start) / 1e9;
            diagnose(server, held + " sessions");
            return new Result(settings.tls(), baseRss, baseHeap, points, total, cpu.stop());
        } finally {
            clients.forEach(Channel::close);
            transport.close();
        }
    }

    private void settle() throws InterruptedException {
        // a benchmark's wait, not a test's: what is measured is the server after a quiet spell
        Thread.sleep((long) (settings.settleSeconds() * 1000));
    }

    private void diagnose(ServerProcess server, String when) throws Exception {
        if (!settings.diagnose()) {
            return;
        }
        String histogram = server.jcmd("GC.class_histogram");
        System.out.println("class histogram, " + when + " (top 60):");
        histogram.lines().skip(1).limit(63).forEach(System.out::println);
        String nmt = server.jcmdOrNull("VM.native_memory", "summary");
        if (nmt != null) {
            System.out.println("native memory, " + when + ":");
            nmt.lines().filter(l -> l.contains("committed=")).forEach(System.out::println);
        }
    }

    public static void print(Result r, PrintStream out) {
        Table t = new Table("sessions (" + (r.tls() ? "TLS" : "plain TCP")
                + "): logged-in idle sessions held by one server process (baseline RSS "
                + r.baselineResidentKiB() / 1024 + " MiB, live heap " + r.baselineHeapKiB() / 1024 + " MiB)",
                "sessions", "segment s", "logins/s", "RSS MiB", "RSS KiB/session", "RSS KiB/added session",
                "heap MiB", "heap KiB/session", "server CPU s");
        long previousRss = r.baselineResidentKiB();
        int previousSessions = 0;
        for (Checkpoint c : r.checkpoints()) {
            // Growth since the previous checkpoint: one-off growth (JIT code, pools) is mostly in the first.
            double added = (c.residentKiB() - previousRss) / (double) (c.sessions() - previousSessions);
            t.row(c.sessions(), c.segmentSeconds(), c.loginsPerSecond(), c.residentKiB() / 1024.0,
                    c.rssPerSessionKiB(), added, c.liveHeapKiB() / 1024.0, c.heapPerSessionKiB(), c.serverCpuSeconds());
            previousRss = c.residentKiB();
            previousSessions = c.sessions();
        }
        t.print(out);
        out.printf("all %,d logged in over %.1f s = %.0f logins/s (heap/RSS reads included)%n",
                r.checkpoints().get(r.checkpoints().size() - 1).sessions(), r.totalSeconds(), r.loginsPerSecond());
        out.println(r.generatorCpu().describe());
    }
}
