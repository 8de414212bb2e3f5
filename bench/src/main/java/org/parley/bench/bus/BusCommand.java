package org.parley.bench.bus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.parley.bench.support.Scratch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bus", mixinStandardHelpOptions = true,
        description = "The cluster bus engines (NATS, Redis pub/sub, PostgreSQL LISTEN/NOTIFY) through Parley's "
                + "adapters: latency at a fixed rate, then saturation throughput, with CPU per message.")
public final class BusCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "A fraction of a second per phase: checks it runs, measures little.")
    boolean quick;

    @Option(names = "--keep", description = "Keep the scratch directory (broker logs).")
    boolean keep;

    @Option(names = "--engines", split = ",", description = "Engines to measure (default: ${DEFAULT-VALUE}).",
            defaultValue = "nats,redis,postgres")
    List<String> engines;

    @Option(names = "--rate", description = "Messages per second in the latency phase (default: ${DEFAULT-VALUE}).",
            defaultValue = "10000")
    int rate;

    @Option(names = "--payload", description = "Bytes per message (default: ${DEFAULT-VALUE}).", defaultValue = "200")
    int payload;

    @Option(names = "--seconds", description = "Measured seconds of the latency phase (default: ${DEFAULT-VALUE}).",
            defaultValue = "10")
    double seconds;

    @Option(names = "--warmup", description = "Unrecorded seconds before it (default: ${DEFAULT-VALUE}).",
            defaultValue = "2")
    double warmup;

    @Option(names = "--saturation-seconds", description = "Seconds of the saturation phase (default: ${DEFAULT-VALUE}).",
            defaultValue = "5")
    double saturationSeconds;

    @Option(names = "--window", description = "Messages in flight in the saturation phase (default: ${DEFAULT-VALUE}).",
            defaultValue = "4096")
    int window;

    @Option(names = "--subscribers", description = "Receiving nodes besides the publisher (default: ${DEFAULT-VALUE}).",
            defaultValue = "1")
    int subscribers;

    @Option(names = "--nats", description = "An existing NATS (nats://HOST:PORT) instead of a private nats-server; "
            + "its CPU is then not measured.")
    String natsUrl;

    @Option(names = "--redis", description = "An existing Redis (redis://HOST:PORT) instead of a private "
            + "redis-server; its CPU is then not measured.")
    String redisUrl;

    @Option(names = "--pg-url", description = "PostgreSQL JDBC URL for LISTEN/NOTIFY (default: $PARLEY_PG_URL, "
            + "else jdbc:postgresql://127.0.0.1:5432/test).")
    String pgUrl;

    @Option(names = "--pg-user", description = "PostgreSQL user (default: $PARLEY_PG_USER, else postgres).")
    String pgUser;

    @Option(names = "--pg-password", description = "PostgreSQL password (default: $PARLEY_PG_PASSWORD, else empty).")
    String pgPassword;

    List<BusBenchmark.Result> results;

    @Override
    public Integer call() throws Exception {
        BusBenchmark.Settings settings = quick
                ? new BusBenchmark.Settings(2000, payload, 0.1, 0.3, 0.3, 512, 1)
                : new BusBenchmark.Settings(rate, payload, warmup, seconds, saturationSeconds, window, subscribers);
        BusBenchmark benchmark = new BusBenchmark(settings);
        results = new ArrayList<>();
        try (Scratch scratch = Scratch.create("bus", keep)) {
            for (String engine : engines) {
                String runId = "bench-" + UUID.randomUUID().toString().substring(0, 8);
                Optional<EngineTarget> target;
                try {
                    target = target(engine, Files.createDirectories(scratch.dir().resolve(engine)));
                } catch (Exception e) {
                    results.add(BusBenchmark.Result.skipped(engine, e.getMessage()));
                    continue;
                }
                if (target.isEmpty()) {
                    results.add(BusBenchmark.Result.skipped(engine, unavailable(engine)));
                    continue;
                }
                try (EngineTarget t = target.get()) {
                    results.add(benchmark.run(t, runId));
                } catch (java.io.IOException e) {
                    results.add(BusBenchmark.Result.skipped(engine, "cannot connect: " + e.getMessage()));
                }
            }
        }
        BusBenchmark.print(settings, results, System.out);
        return 0;
    }

    private Optional<EngineTarget> target(String engine, Path dir) throws Exception {
        return switch (engine) {
            case "nats" -> natsUrl != null ? Optional.of(EngineTarget.existing("nats", natsUrl))
                    : EngineTarget.privateBroker("nats", dir);
            case "redis" -> redisUrl != null ? Optional.of(EngineTarget.existing("redis", redisUrl))
                    : EngineTarget.privateBroker("redis", dir);
            case "postgres" -> Optional.of(EngineTarget.postgres(
                    orEnv(pgUrl, "PARLEY_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test"),
                    orEnv(pgUser, "PARLEY_PG_USER", "postgres"), orEnv(pgPassword, "PARLEY_PG_PASSWORD", "")));
            default -> throw new IllegalArgumentException("unknown engine '" + engine + "' (nats, redis, postgres)");
        };
    }

    private static String unavailable(String engine) {
        return (engine.equals("nats") ? "nats-server" : "redis-server") + " is not installed (or pass --" + engine + ")";
    }

    private static String orEnv(String value, String variable, String fallback) {
        if (value != null) {
            return value;
        }
        String env = System.getenv(variable);
        return env != null ? env : fallback;
    }

    public List<BusBenchmark.Result> result() {
        return results;
    }
}
