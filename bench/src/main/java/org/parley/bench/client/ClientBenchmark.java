package org.parley.bench.client;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.parley.bench.report.Latency;
import org.parley.bench.report.Table;
import org.parley.bench.support.Logins;
import org.parley.bench.support.ServerProcess;
import org.parley.client.api.ClientListener;
import org.parley.client.api.ParleyClient;
import org.parley.protocol.Event;

/**
 * What a person at a terminal feels: real {@code parley client} processes, started by the launcher on
 * pseudo-terminals ({@link TerminalClient}), against a real server process.
 *
 * <ul>
 *   <li>start: from starting the launcher to {@code Username: } on the screen (warm: after one session
 *       that trained the class-data archive);</li>
 *   <li>logins: the clients logged in one after another, each started, typed into and welcomed;</li>
 *   <li>typed-to-shown: from typing {@code broadcast <token>} Enter on one terminal to the token on the
 *       last of the other terminals, at each client count; and, in the same run, the same broadcast
 *       between headless API clients in this JVM (the server's own path: the baseline);</li>
 *   <li>memory: the typing client's resident set after it typed three 3,900-character lines.</li>
 * </ul>
 */
public final class ClientBenchmark {

    /**
     * {@code tls} false runs the server with --no-tls; {@code clientArgs} go before the address of every client;
     * {@code clientJvm} are extra JVM options of every client (after the launcher's, so they override them).
     */
    record Settings(Path launcher, List<Integer> clients, int warmUp, int rounds, int startRuns, String hashCost,
                    List<String> serverJvm, boolean tls, List<String> clientArgs, List<String> clientJvm, long gapMillis) {
    }

    /** {@code receivers}: what each receiving terminal client spent per broadcast over the measured rounds. */
    public record Row(int clients, Latency terminal, Latency api, ReceiverCost receivers) {
    }

    public record Result(double startMedianSeconds, double loginsSeconds, int loggedIn, List<Row> rows,
                  long typerKiB, long readerKiB) {
    }

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PASSWORD = "bench-pw-1";

    private final Settings settings;

    ClientBenchmark(Settings settings) {
        this.settings = settings;
    }

    Result run(Path dir) throws Exception {
        int most = settings.clients().stream().mapToInt(Integer::intValue).max().orElse(2);
        try (ServerProcess server = ServerProcess.start(dir.resolve("server"), settings.hashCost(),
                settings.serverJvm(), settings.tls())) {
            List<String> address = new ArrayList<>(settings.clientArgs());
            address.addAll(List.of("127.0.0.1", String.valueOf(server.port())));
            double start = startSeconds(dir, address);
            List<Latency> api = new ArrayList<>();
            for (int n : settings.clients()) {
                api.add(apiLatency(server.endpoint(), n));
            }
            List<TerminalClient> terminals = new ArrayList<>();
            try {
                long loginNanos = 0;
                long typer = 0;
                long reader = 0;
                List<Row> rows = new ArrayList<>();
                for (int i = 0; i < settings.clients().size(); i++) {
                    int n = settings.clients().get(i);
                    loginNanos += loginUpTo(terminals, n, dir, address);
                    if (i == 0) {
                        long[] rss = longLines(terminals);
                        typer = rss[0];
                        reader = rss[1];
                    }
                    List<TerminalClient> online = terminals.subList(0, n);
                    ReceiverCost[] cost = new ReceiverCost[1];
                    Latency latency = terminalLatency(online, cost);
                    rows.add(new Row(n, latency, api.get(i), cost[0]));
                }
                return new Result(start, loginNanos / 1e9, most, rows, typer, reader);
            } finally {
                terminals.forEach(TerminalClient::close);
            }
        }
    }

    /** The first start trains the class-data archive (the launcher writes it when the client exits). */
    private double startSeconds(Path dir, List<String> address) throws Exception {
        List<Double> runs = new ArrayList<>();
        for (int i = 0; i <= settings.startRuns(); i++) {
            long t0 = System.nanoTime();
            try (TerminalClient c = TerminalClient.start(settings.launcher(), dir.resolve("home-start"), dir,
                    settings.clientJvm(), address)) {
                long shown = c.await("Username: ", WAIT);
                c.type("\u0004");
                c.awaitExit(WAIT);
                if (i > 0) {
                    runs.add((shown - t0) / 1e9);
                }
            }
        }
        runs.sort(Double::compare);
        return runs.isEmpty() ? 0 : runs.get(runs.size() / 2);
    }

    private long loginUpTo(List<TerminalClient> terminals, int n, Path dir, List<String> address) throws Exception {
        long t0 = System.nanoTime();
        while (terminals.size() < n) {
            int i = terminals.size();
            TerminalClient c = TerminalClient.start(settings.launcher(), dir.resolve("home-" + i), dir,
                    settings.clientJvm(), address);
            terminals.add(c);
            c.await("Username: ", WAIT);
            c.type("term" + i + "\r");
            c.await("assword: ", WAIT);
            c.type(PASSWORD + "\r");
            c.await("Welcome", WAIT);
        }
        return System.nanoTime() - t0;
    }

    /** Typed-to-shown over the measured rounds; {@code cost[0]} gets what the receivers spent on them. */
    private Latency terminalLatency(List<TerminalClient> clients, ReceiverCost[] cost) throws Exception {
        TerminalClient sender = clients.get(0);
        List<TerminalClient> receivers = clients.subList(1, clients.size());
        Histogram h = Latency.newHistogram();
        List<ReceiverCost.Sample> before = List.of();
        for (int round = 0; round < settings.warmUp() + settings.rounds(); round++) {
            if (round == settings.warmUp()) {
                before = sample(receivers);
            }
            String token = "zq" + clients.size() + "x" + round + "qz";
            receivers.forEach(r -> r.watch(token));
            long t0 = System.nanoTime();
            sender.type("broadcast " + token + "\r");
            long last = 0;
            for (TerminalClient r : receivers) {
                last = Math.max(last, r.seenAt(token, WAIT));
            }
            if (round >= settings.warmUp()) {
                h.recordValue(Math.max(1_000, last - t0));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(settings.gapMillis()));
        }
        cost[0] = ReceiverCost.between(before, sample(receivers), settings.rounds());
        return Latency.of(h);
    }

    private static List<ReceiverCost.Sample> sample(List<TerminalClient> clients) {
        List<ReceiverCost.Sample> samples = new ArrayList<>(clients.size());
        for (TerminalClient c : clients) {
            long ticks;
            try {
                ticks = c.cpuTicks();
            } catch (IOException | RuntimeException e) {
                ticks = -1;
            }
            samples.add(new ReceiverCost.Sample(ticks, c.bytesShown()));
        }
        return samples;
    }

    /** The same broadcasts between headless clients: the server and the protocol, without a terminal. */
    private Latency apiLatency(org.parley.bench.support.Endpoint port, int n) throws Exception {
        EventLoopGroup group = new NioEventLoopGroup(1);
        List<ParleyClient> clients = new ArrayList<>();
        Map<String, long[]> arrivals = new ConcurrentHashMap<>();
        try {
            for (int i = 0; i < n; i++) {
                ParleyClient c = Logins.login(port, group, "api" + n + "u" + i, PASSWORD).get(2, TimeUnit.MINUTES);
                if (i > 0) {
                    c.addListener(new ClientListener() {
                        @Override
                        public void onEvent(Event event) {
                            if (event instanceof Event.BroadcastReceived b) {
                                long now = System.nanoTime();
                                arrivals.compute(b.text(), (k, v) -> {
                                    long[] a = v == null ? new long[2] : v;
                                    a[0]++;
                                    a[1] = Math.max(a[1], now);
                                    return a;
                                });
                            }
                        }
                    });
                }
                clients.add(c);
            }
            Histogram h = Latency.newHistogram();
            for (int round = 0; round < settings.warmUp() + settings.rounds(); round++) {
                String token = "api" + n + "x" + round;
                long t0 = System.nanoTime();
                clients.get(0).broadcast(token).get(1, TimeUnit.MINUTES);
                long deadline = t0 + WAIT.toNanos();
                long[] a;
                while ((a = arrivals.get(token)) == null || a[0] < n - 1) {
                    if (System.nanoTime() > deadline) {
                        throw new TimeoutException("broadcast " + token + " did not reach every headless client");
                    }
                    LockSupport.parkNanos(20_000);
                }
                if (round >= settings.warmUp()) {
                    h.recordValue(Math.max(1_000, a[1] - t0));
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(settings.gapMillis()));
            }
            return Latency.of(h);
        } finally {
            clients.forEach(ParleyClient::close);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** Three 3,900-character lines typed (in 512-byte bursts, as a terminal delivers a fast typist or a paste). */
    private static long[] longLines(List<TerminalClient> terminals) throws Exception {
        TerminalClient typer = terminals.get(0);
        TerminalClient reader = terminals.get(1);
        for (int line = 0; line < 3; line++) {
            String token = "long" + line + "q";
            reader.watch(token);
            String text = "broadcast " + token + "abcdefghij".repeat(389) + "\r";
            for (int i = 0; i < text.length(); i += 512) {
                typer.type(text.substring(i, Math.min(text.length(), i + 512)));
            }
            reader.seenAt(token, WAIT);
        }
        return new long[] {typer.residentKiB(), reader.residentKiB()};
    }

    static void print(Settings settings, Result r, PrintStream out) {
        out.printf("start to 'Username: ' (warm, median of %d): %.3f s%n", settings.startRuns(), r.startMedianSeconds());
        out.printf("%d clients logged in one after another: %.1f s%n", r.loggedIn(), r.loginsSeconds());
        out.printf("resident memory after typing three 3,900-character lines: typing client %.1f MiB, reading client %.1f MiB%n",
                r.typerKiB() / 1024.0, r.readerKiB() / 1024.0);
        Table t = new Table("typed-to-shown: 'broadcast <token>' typed on one terminal until the token shows on every other "
                + "(ms; " + settings.rounds() + " rounds after " + settings.warmUp() + " unreported, " + settings.gapMillis() + " ms apart)",
                "clients", "terminal p50", "terminal p99", "terminal max", "headless p50", "headless p99", "terminal/headless p50",
                "receiver CPU/msg ms", "(ticks)", "receiver bytes/msg");
        for (Row row : r.rows()) {
            double cpu = row.receivers().cpuMillisPerMessage();
            t.row(row.clients(), row.terminal().p50(), row.terminal().p99(), row.terminal().max(), row.api().p50(),
                    row.api().p99(), row.api().p50() == 0 ? 0 : row.terminal().p50() / row.api().p50(),
                    Double.isNaN(cpu) ? "n/a" : cpu, row.receivers().cpuTicks(), row.receivers().bytesPerMessage());
        }
        t.print(out);
        out.println("receiver CPU/msg: user+system CPU of every receiving client's JVM over the measured rounds (/proc/<pid>/stat,"
                + " in 10 ms ticks, all receivers together), divided by receivers x rounds; receiver bytes/msg: what each receiver's terminal showed,"
                + " escape sequences included." + (settings.clientJvm().isEmpty() ? ""
                        : " Client JVM options added: " + String.join(" ", settings.clientJvm())));
    }
}
