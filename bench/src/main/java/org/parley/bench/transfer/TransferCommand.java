package org.parley.bench.transfer;

import java.util.concurrent.Callable;
import org.parley.bench.report.CpuMeter;
import org.parley.bench.report.Table;
import org.parley.bench.support.Scratch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "transfer", mixinStandardHelpOptions = true,
        description = "UDP transfer protocol, sealed and unsealed, vs plain TCP and a raw UDP blast on loopback, "
                + "then under 1/5/10% loss.")
public final class TransferCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "A 1 MiB file.")
    boolean quick;

    @Option(names = "--keep", description = "Keep the scratch directory.")
    boolean keep;

    @Option(names = "--size-mib", description = "File size in MiB (default: ${DEFAULT-VALUE}).", defaultValue = "256")
    long sizeMiB;

    @Option(names = "--datagram", description = "Datagram size in bytes (default: ${DEFAULT-VALUE}).", defaultValue = "1472")
    int datagram;

    @Option(names = "--seed", description = "Seed of the file contents and the loss (default: ${DEFAULT-VALUE}).",
            defaultValue = "42")
    long seed;

    TransferBenchmark.Result result;

    @Override
    public Integer call() throws Exception {
        long bytes = (quick ? 1 : sizeMiB) << 20;
        CpuMeter cpu = CpuMeter.start();
        try (Scratch scratch = Scratch.create("transfer", keep)) {
            result = TransferBenchmark.run(scratch.dir(), bytes, datagram, seed);
        }
        Table t = new Table("transfer: " + (bytes >> 20) + " MiB on loopback, datagram " + datagram + " bytes",
                "path", "MB/s", "vs raw UDP blast", "vs protocol via relay, no loss");
        t.row(result.protocol().name(), result.protocol().megabytesPerSecond(),
                pct(result.protocolVsUdpBlast()), "-");
        t.row(result.unsealed().name(), result.unsealed().megabytesPerSecond(),
                pct(result.unsealed().megabytesPerSecond() / result.udpBlast().megabytesPerSecond()), "-");
        t.row(result.tcp().name(), result.tcp().megabytesPerSecond(),
                pct(result.tcp().megabytesPerSecond() / result.udpBlast().megabytesPerSecond()), "-");
        t.row(result.udpBlast().name(), result.udpBlast().megabytesPerSecond(), "100.0%", "-");
        t.row(result.relayNoLoss().name(), result.relayNoLoss().megabytesPerSecond(), "-", "100.0%");
        for (TransferBenchmark.Measurement m : result.underLoss()) {
            t.row(m.name(), m.megabytesPerSecond(), "-", pct(result.lossVsRelayNoLoss(m)));
        }
        t.print(System.out);
        System.out.printf("sealed / unsealed, direct (best of %d runs each, alternated): %s (the bar is 85%%)%n",
                TransferBenchmark.ROUNDS, pct(result.sealedVsUnsealed()));
        System.out.printf("CPU per MB in those runs, both ends: sealed %.2f ms, unsealed %.2f ms%n",
                result.protocol().cpuMillisPerMegabyte(), result.unsealed().cpuMillisPerMegabyte());
        System.out.println(cpu.stop().describe().replace("load generator", "whole run (sender, receiver, relay in this JVM)"));
        return 0;
    }

    private static String pct(double ratio) {
        return String.format("%.1f%%", 100 * ratio);
    }

    public TransferBenchmark.Result result() {
        return result;
    }
}
