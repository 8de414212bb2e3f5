package org.parley.bench.sessions;

import java.util.List;
import java.util.concurrent.Callable;
import org.parley.bench.support.CommonOptions;
import org.parley.bench.support.Scratch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sessions", mixinStandardHelpOptions = true,
        description = "Ramp logged-in idle sessions; server RSS and live heap per session at each checkpoint.")
public final class SessionsCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--checkpoints", split = ",", description = "Session counts to measure at (default: ${DEFAULT-VALUE}).",
            defaultValue = "10000,50000,100000")
    List<Integer> checkpoints;

    @Option(names = "--in-flight", description = "Logins in progress at once (default: ${DEFAULT-VALUE}).",
            defaultValue = "256")
    int inFlight;

    @Option(names = "--settle-seconds", description = "Wait before each memory reading, the empty server's "
            + "included (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    double settleSeconds;

    @Option(names = "--diagnose", description = "Print the server's class histogram (and native memory summary, "
            + "with --server-jvm -XX:NativeMemoryTracking=summary) empty and at the last checkpoint.")
    boolean diagnose;

    SessionsBenchmark.Result result;

    @Override
    public Integer call() throws Exception {
        for (boolean tls : common.tlsRuns()) {
            SessionsBenchmark.Settings settings = common.quick
                    ? new SessionsBenchmark.Settings(List.of(20, 50), 16, 1, common.serverJvm, tls, 0, diagnose)
                    : new SessionsBenchmark.Settings(checkpoints.stream().sorted().toList(), inFlight, common.clientThreads,
                            common.serverJvm, tls, settleSeconds, diagnose);
            try (Scratch scratch = Scratch.create("sessions", common.keep)) {
                result = new SessionsBenchmark(settings).run(scratch.dir());
            }
            SessionsBenchmark.print(result, System.out);
        }
        return 0;
    }

    public SessionsBenchmark.Result result() {
        return result;
    }
}
