package org.parley.bench.client;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.parley.bench.support.CommonOptions;
import org.parley.bench.support.Scratch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "client", mixinStandardHelpOptions = true,
        description = "Real terminal clients on pseudo-terminals: start time, consecutive logins, typed-to-shown latency "
                + "against headless clients in the same run, memory after long lines. Needs util-linux 'script'.")
public final class ClientCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--clients", split = ",", description = "Terminal clients online, one measurement each (default: ${DEFAULT-VALUE}).",
            defaultValue = "2,10,50,100")
    List<Integer> clients;

    @Option(names = "--rounds", description = "Measured broadcasts per client count (default: ${DEFAULT-VALUE}).", defaultValue = "50")
    int rounds;

    @Option(names = "--warm-up", description = "Unreported broadcasts first (default: ${DEFAULT-VALUE}).", defaultValue = "20")
    int warmUp;

    @Option(names = "--gap-ms", description = "Pause between broadcasts, terminal and headless alike (default: ${DEFAULT-VALUE}). "
            + "Longer pauses let every thread on the path fall asleep, as between a person's lines.", defaultValue = "20")
    long gapMillis;

    @Option(names = "--start-runs", description = "Measured starts after the training one (default: ${DEFAULT-VALUE}).", defaultValue = "5")
    int startRuns;

    @Option(names = "--hash-cost", description = "Server password hash cost (default: ${DEFAULT-VALUE}, what users log in against).",
            defaultValue = "production")
    String hashCost;

    @Option(names = "--no-tls", description = "Run the server with --no-tls (for a client that predates TLS; add --client-arg=--no-tls for one that has it).")
    boolean noTls;

    @Option(names = "--client-arg", description = "An argument for every client, before the server address (repeatable).")
    List<String> clientArgs = new java.util.ArrayList<>();

    @Option(names = "--client-jvm", split = " ", description = "Extra JVM options of every client, after the launcher's "
            + "own (so they override them), e.g. \"-XX:Tier3InvocationThreshold=2000\" for an A/B of a launcher flag.")
    List<String> clientJvm = new java.util.ArrayList<>();

    @Option(names = "--launcher", description = "The parley launcher to start clients with (default: the one running this, or ./parley).")
    Path launcher;

    ClientBenchmark.Result result;

    @Override
    public Integer call() throws Exception {
        Path script = launcher != null ? launcher.toAbsolutePath()
                : Path.of(System.getenv().getOrDefault("PARLEY_LAUNCHER", "parley")).toAbsolutePath();
        ClientBenchmark.Settings settings = common.quick
                ? new ClientBenchmark.Settings(script, List.of(2, 3), 2, 5, 1, "testing", common.serverJvm, !noTls, clientArgs,
                        clientJvm, gapMillis)
                : new ClientBenchmark.Settings(script, clients, warmUp, rounds, startRuns, hashCost, common.serverJvm, !noTls,
                        clientArgs, clientJvm, gapMillis);
        try (Scratch scratch = Scratch.create("client", common.keep)) {
            result = new ClientBenchmark(settings).run(scratch.dir());
            ClientBenchmark.print(settings, result, System.out);
        }
        return 0;
    }

    public ClientBenchmark.Result result() {
        return result;
    }
}
