package org.parley.bench.codec;

import java.io.PrintStream;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.parley.bench.report.Table;

/** Runs {@link CodecBenchmark} through the JMH Runner API with short iterations (well under a minute). */
public final class CodecRun {

    /** forks 0 runs in this JVM (for the smoke test); the real run forks one clean JVM. */
    public record Settings(int forks, int warmupIterations, int measurementIterations, long iterationMillis) {
    }

    public record Score(String benchmark, double opsPerSecond, double error) {
    }

    private CodecRun() {
    }

    public static List<Score> run(Settings s) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(CodecBenchmark.class.getName() + "\\.")
                .forks(s.forks())
                .warmupIterations(s.warmupIterations())
                .warmupTime(TimeValue.milliseconds(s.iterationMillis()))
                .measurementIterations(s.measurementIterations())
                .measurementTime(TimeValue.milliseconds(s.iterationMillis()))
                .threads(1)
                .verbosity(VerboseMode.SILENT)
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        return results.stream().map(r -> new Score(shortName(r.getParams().getBenchmark()),
                r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError())).sorted(
                java.util.Comparator.comparing(Score::benchmark)).toList();
    }

    private static String shortName(String benchmark) {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    public static void print(List<Score> scores, PrintStream out) {
        Table t = new Table("codec: FrameCodec (JMH, 1 thread)", "benchmark", "ops/s", "+/- (99.9%)", "ns/op");
        for (Score s : scores) {
            t.row(s.benchmark(), s.opsPerSecond(), Double.isNaN(s.error()) ? "-" : String.format("%,.0f", s.error()),
                    1e9 / s.opsPerSecond());
        }
        t.print(out);
    }
}
