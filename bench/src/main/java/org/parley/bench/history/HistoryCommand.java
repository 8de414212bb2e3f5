package org.parley.bench.history;

import java.util.concurrent.Callable;
import org.parley.bench.support.CommonOptions;
import org.parley.bench.support.Scratch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Readers pulling a long broadcast history (RDM b) page by page: their rate and the server's memory.")
public final class HistoryCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--broadcasts", description = "Broadcasts in the history (default: ${DEFAULT-VALUE}).",
            defaultValue = "100000")
    int broadcasts;

    @Option(names = "--chars", description = "Characters of each broadcast, at most 4000 (default: ${DEFAULT-VALUE}).",
            defaultValue = "4000")
    int chars;

    @Option(names = "--readers", description = "Users reading the whole history at once (default: ${DEFAULT-VALUE}).",
            defaultValue = "4")
    int readers;

    HistoryBenchmark.Result result;

    @Override
    public Integer call() throws Exception {
        HistoryBenchmark.Settings settings = common.quick
                ? new HistoryBenchmark.Settings(300, 4000, 2, common.serverJvm)
                : new HistoryBenchmark.Settings(broadcasts, chars, readers, common.serverJvm);
        try (Scratch scratch = Scratch.create("history", common.keep)) {
            result = new HistoryBenchmark(settings).run(scratch.dir());
        }
        HistoryBenchmark.print(settings, result, System.out);
        return 0;
    }

    public HistoryBenchmark.Result result() {
        return result;
    }
}
