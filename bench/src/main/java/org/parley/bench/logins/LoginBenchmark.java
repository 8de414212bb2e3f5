package org.parley.bench.logins;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.HdrHistogram.Histogram;
import org.parley.bench.report.CpuMeter;
import org.parley.bench.report.Latency;
import org.parley.bench.report.Table;
import org.parley.bench.support.Endpoint;
import org.parley.bench.support.Bounded;
import org.parley.bench.support.LeanLogin;
import org.parley.bench.support.LeanTransport;
import org.parley.bench.support.ServerProcess;
import org.parley.server.account.HashCost;
import org.parley.server.account.PhcPasswordHasher;

/**
 * Logins per second of existing accounts (connect, hello, username, password, close) against a server
 * process, next to the rate at which this machine verifies the same password hash with every core:
 * a login is one verification, so the hash rate is the ceiling.
 */
public final class LoginBenchmark {

    private static final LeanLogin.Lines IGNORE = (ctx, buf, from, length) -> { };

    public record Settings(int productionLogins, int testingLogins, int inFlight, int clientThreads,
                           List<String> serverJvm) {
    }

    public record Row(String cost, int logins, double loginsPerSecond, Latency latency, double hashesPerSecond,
                      CpuMeter.CpuUse generatorCpu) {
        public double ratio() {
            return loginsPerSecond / hashesPerSecond;
        }
    }

    private final Settings settings;
    private final boolean tls;

    public LoginBenchmark(Settings settings) {
        this(settings, true);
    }

    /** {@code tls} false: the server runs with --no-tls and clients connect plain. */
    public LoginBenchmark(Settings settings, boolean tls) {
        this.settings = settings;
        this.tls = tls;
    }

    public List<Row> run(Path workDir) throws Exception {
        List<Row> rows = new ArrayList<>();
        rows.add(measure(workDir.resolve("production"), "production", HashCost.production(), settings.productionLogins()));
        rows.add(measure(workDir.resolve("testing"), "testing", HashCost.testing(), settings.testingLogins()));
        return rows;
    }

    private Row measure(Path dir, String name, HashCost cost, int logins) throws Exception {
        LeanTransport group = LeanTransport.best(settings.clientThreads());
        double loginRate;
        double hashesBefore;
        double hashesAfter;
        Histogram latency = Latency.newHistogram();
        CpuMeter.CpuUse cpu;
        try (ServerProcess server = ServerProcess.start(dir, name, settings.serverJvm(), tls)) {
            // register every account first (one hash each), so the timed logins are verifications only
            Bounded.run(0, logins, settings.inFlight(), i -> loginAndClose(server.endpoint(), group, i, null));
            // The hash rate right before and right after the logins: this machine's speed drifts by 20% over a
            // minute, and a ceiling measured at another moment made the ratio swing from 70% to 102%.
            hashesBefore = hashRate(cost, logins);
            CpuMeter meter = CpuMeter.start();
            long start = System.nanoTime();
            Bounded.run(0, logins, settings.inFlight(), i -> loginAndClose(server.endpoint(), group, i, latency));
            loginRate = logins / ((System.nanoTime() - start) / 1e9);
            cpu = meter.stop();
            hashesAfter = hashRate(cost, logins);
        } finally {
            group.close();
        }
        return new Row((tls ? "tls" : "plain") + ", " + name, logins, loginRate, Latency.of(latency), (hashesBefore + hashesAfter) / 2, cpu);
    }

    /** A lean user (three pipelined lines, nothing decoded): the generator leaves the CPU to the hashing. */
    private static CompletableFuture<Void> loginAndClose(Endpoint port, LeanTransport group, int i, Histogram latency) {
        long start = System.nanoTime();
        return LeanLogin.login(port, group, "login" + i, "secret" + i, IGNORE).thenAccept(channel -> {
            if (latency != null) {
                synchronized (latency) {
                    latency.recordValue(Math.max(1_000L, System.nanoTime() - start));
                }
            }
            channel.close();
        });
    }

    /** Verifications per second of one stored hash, on as many threads as there are cores. */
    static double hashRate(HashCost cost, int verifications) throws Exception {
        PhcPasswordHasher hasher = new PhcPasswordHasher(cost);
        char[] password = "secret0".toCharArray();
        String phc = hasher.hash(password);
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> all = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < verifications; i++) {
                all.add(pool.submit(() -> {
                    if (!hasher.verify(password, phc)) {
                        throw new IllegalStateException("the hash does not verify its own password");
                    }
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
            return verifications / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    public static void print(List<Row> rows, PrintStream out) {
        Table t = new Table("logins: existing accounts logging in (connect + hello + user + password) vs hash verification alone",
                "wire, hash cost", "logins", "logins/s", "p50 ms", "p99 ms", "max ms", "hash verifications/s (mean of before and after)", "login/hash",
                "gen CPU cores");
        for (Row r : rows) {
            t.row(r.cost(), r.logins(), r.loginsPerSecond(), r.latency().p50(), r.latency().p99(), r.latency().max(),
                    r.hashesPerSecond(), String.format("%.1f%%", 100 * r.ratio()), r.generatorCpu().coresUsed());
        }
        t.print(out);
    }
}
