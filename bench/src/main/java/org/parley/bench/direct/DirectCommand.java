package org.parley.bench.direct;

import java.util.concurrent.Callable;
import org.parley.bench.support.CommonOptions;
import org.parley.bench.support.Scratch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "direct", mixinStandardHelpOptions = true,
        description = "Pairs exchanging durable direct messages (acked after commit), and the raw JDBC batch ceiling.")
public final class DirectCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--pairs", description = "Pairs of online users (default: ${DEFAULT-VALUE}).", defaultValue = "500")
    int pairs;

    @Option(names = "--window", description = "Unacknowledged messages per user (default: ${DEFAULT-VALUE}).",
            defaultValue = "8")
    int window;

    @Option(names = "--warm-up-seconds", description = "Unreported sending first, for the JIT (default: ${DEFAULT-VALUE}).",
            defaultValue = "5")
    double warmUpSeconds;

    @Option(names = "--seconds", description = "Length of the server phase (default: ${DEFAULT-VALUE}).", defaultValue = "15")
    double seconds;

    @Option(names = "--raw-messages", description = "Rows for the store and raw JDBC phases (default: ${DEFAULT-VALUE}).",
            defaultValue = "200000")
    int rawMessages;

    @Option(names = "--raw-batch", description = "Rows per raw JDBC transaction (default: ${DEFAULT-VALUE}).",
            defaultValue = "512")
    int rawBatch;

    DirectBenchmark.Result result;

    @Override
    public Integer call() throws Exception {
        DirectBenchmark.Settings settings = common.quick
                ? new DirectBenchmark.Settings(2, 2, 0, 0.5, 1000, 100, 1, common.serverJvm)
                : new DirectBenchmark.Settings(pairs, window, warmUpSeconds, seconds, rawMessages, rawBatch, common.clientThreads,
                        common.serverJvm);
        try (Scratch scratch = Scratch.create("direct", common.keep)) {
            result = new DirectBenchmark(settings).run(scratch.dir());
        }
        DirectBenchmark.print(result, System.out);
        return 0;
    }

    public DirectBenchmark.Result result() {
        return result;
    }
}
