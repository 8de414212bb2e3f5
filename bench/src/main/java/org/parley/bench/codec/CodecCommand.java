package org.parley.bench.codec;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "codec", mixinStandardHelpOptions = true, description = "JMH benchmark of FrameCodec encode/decode.")
public final class CodecCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "One 100 ms iteration in this JVM: checks it runs, measures little.")
    boolean quick;

    @Option(names = "--iterations", description = "Measurement iterations of 1 s (default: ${DEFAULT-VALUE}).",
            defaultValue = "3")
    int iterations;

    List<CodecRun.Score> result;

    @Override
    public Integer call() throws Exception {
        CodecRun.Settings settings = quick ? new CodecRun.Settings(0, 1, 1, 100)
                : new CodecRun.Settings(1, 2, iterations, 1000);
        result = CodecRun.run(settings);
        CodecRun.print(result, System.out);
        return 0;
    }

    public List<CodecRun.Score> result() {
        return result;
    }
}
