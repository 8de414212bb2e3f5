package org.parley.bench.fanout;

import java.util.List;
import java.util.concurrent.Callable;
import org.parley.bench.support.CommonOptions;
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

    List<FanoutBenchmark.Phase> result;

    @Override
    public Integer call() throws Exception {
        FanoutBenchmark.Settings settings = common.quick
                ? new FanoutBenchmark.Settings(List.of(5), 1, 20, 0, 0.5, 0.5, 4, 1, common.serverJvm)
                : new FanoutBenchmark.Settings(receivers, senders, rate, warmUpSeconds, seconds, seconds, window, common.clientThreads,
                        common.serverJvm);
        result = new java.util.ArrayList<>();
        for (boolean tls : common.tlsRuns()) {
            try (Scratch scratch = Scratch.create("fanout", common.keep)) {
                result.addAll(new FanoutBenchmark(settings, tls).run(scratch.dir()));
            }
        }
        FanoutBenchmark.print(result, System.out);
        return 0;
    }

    public List<FanoutBenchmark.Phase> result() {
        return result;
    }
}
