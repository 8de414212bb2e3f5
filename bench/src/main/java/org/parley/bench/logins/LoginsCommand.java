package org.parley.bench.logins;

import java.util.List;
import java.util.concurrent.Callable;
import org.parley.bench.support.CommonOptions;
import org.parley.bench.support.Scratch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "logins", mixinStandardHelpOptions = true,
        description = "Logins/s at the production and the testing hash cost, against the hash rate alone.")
public final class LoginsCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--production-logins", description = "Logins at the production cost (default: ${DEFAULT-VALUE}).",
            defaultValue = "200")
    int production;

    @Option(names = "--testing-logins", description = "Logins at the testing cost (default: ${DEFAULT-VALUE}).",
            defaultValue = "5000")
    int testing;

    @Option(names = "--in-flight", description = "Logins in progress at once (default: ${DEFAULT-VALUE}).",
            defaultValue = "32")
    int inFlight;

    List<LoginBenchmark.Row> result;

    @Override
    public Integer call() throws Exception {
        LoginBenchmark.Settings settings = common.quick
                ? new LoginBenchmark.Settings(2, 10, 4, 1, common.serverJvm)
                : new LoginBenchmark.Settings(production, testing, inFlight, common.clientThreads, common.serverJvm);
        result = new java.util.ArrayList<>();
        for (boolean tls : common.tlsRuns()) {
            try (Scratch scratch = Scratch.create("logins", common.keep)) {
                result.addAll(new LoginBenchmark(settings, tls).run(scratch.dir()));
            }
        }
        LoginBenchmark.print(result, System.out);
        return 0;
    }

    public List<LoginBenchmark.Row> result() {
        return result;
    }
}
