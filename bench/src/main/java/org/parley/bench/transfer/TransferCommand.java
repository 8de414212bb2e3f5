package org.parley.bench.transfer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.parley.bench.report.CpuMeter;
import org.parley.bench.report.Table;
import org.parley.bench.support.Scratch;
import org.parley.bench.transfer.link.BottleneckLink;
import org.parley.bench.transfer.link.FarPeer;
import org.parley.bench.transfer.link.LinkBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "transfer", mixinStandardHelpOptions = true,
        description = "UDP transfer protocol, sealed and unsealed, vs plain TCP and a raw UDP blast on loopback, "
                + "then under 1/5/10%% loss; or, with --link, through a real shaped link (root only).")
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

    @Option(names = "--link", description = "Instead of loopback: through a veth pair into a network namespace, "
            + "shaped by tbf to this rate on both ends (tc syntax, e.g. 100mbit; burst 32kb, limit 128kb). Needs root.")
    String link;

    TransferBenchmark.Result result;
    SealCost.Result sealCost;

    @Override
    public Integer call() throws Exception {
        long bytes = (quick ? 1 : sizeMiB) << 20;
        if (link != null) {
            return throughLink(bytes);
        }
        CpuMeter cpu = CpuMeter.start();
        try (Scratch scratch = Scratch.create("transfer", keep)) {
            result = TransferBenchmark.run(scratch.dir(), bytes, datagram, seed);
        }
        Table t = new Table("transfer: " + (bytes >> 20) + " MiB on loopback, datagram " + datagram + " bytes",
                "path", "MB/s", "vs raw UDP blast", "vs protocol via relay, no loss (median of "
                        + TransferBenchmark.RELAY_ROUNDS + " each)");
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
        double[] cpuPerMb = result.medianCpuMillisPerMegabyte();
        System.out.printf("sealed / unsealed, direct (median of %d runs each, alternated): %s (the bar is 85%%)%n",
                TransferBenchmark.ROUNDS, pct(result.sealedVsUnsealed()));
        System.out.printf("CPU per MB, both ends (median of the same runs): sealed %.2f ms, unsealed %.2f ms "
                + "(unsealed / sealed %s)%n", cpuPerMb[0], cpuPerMb[1], pct(cpuPerMb[1] / cpuPerMb[0]));
        System.out.println(cpu.stop().describe().replace("load generator", "whole run (sender, receiver, relay in this JVM)"));
        sealCost = SealCost.measure(datagram, quick ? 2_000 : 100_000, quick ? 3 : 9);
        System.out.printf("sealing alone, one thread, its own CPU time per %d-byte datagram (encode, seal, copy, open; "
                        + "median of %d alternated rounds): sealed %.0f ns, unsealed %.0f ns, sealing %.0f ns%n",
                datagram, quick ? 3 : 9, sealCost.sealedNanos(), sealCost.unsealedNanos(), sealCost.sealingNanos());
        return 0;
    }

    private static final int WARM_LINK_UPLOADS = 3;

    /**
     * The real-link scenario: TCP alone, the upload alone (once on cold JVMs, then {@value
     * #WARM_LINK_UPLOADS} times more), then the upload against a TCP stream.
     */
    private int throughLink(long bytes) throws Exception {
        String why = BottleneckLink.unavailableBecause();
        if (why != null) {
            System.err.println("transfer --link: " + why);
            return 2;
        }
        try (Scratch scratch = Scratch.create("transfer-link", keep);
             BottleneckLink shaped = BottleneckLink.create(link, "32kb", "128kb");
             FarPeer peer = FarPeer.start(shaped)) {
            java.nio.file.Path file = LinkBenchmark.randomFile(scratch.dir().resolve("payload.bin"), bytes, seed);
            java.nio.file.Path downloads = java.nio.file.Files.createDirectory(scratch.dir().resolve("downloads"));
            LinkBenchmark.Stream tcp = LinkBenchmark.tcp(peer, bytes);
            // The first upload runs on cold JVMs (both ends interpret, then compile, the sealing and the
            // protocol while it goes), as a client's first upload does; the next ones show the protocol itself.
            LinkBenchmark.Upload alone = LinkBenchmark.upload(shaped, peer, file, downloads);
            java.nio.file.Files.delete(alone.savedAs());
            List<LinkBenchmark.Upload> warm = new ArrayList<>();
            for (int i = 0; i < WARM_LINK_UPLOADS; i++) {
                LinkBenchmark.Upload again = LinkBenchmark.upload(shaped, peer, file, downloads);
                java.nio.file.Files.delete(again.savedAs());
                warm.add(again);
            }
            warm.sort(Comparator.comparingDouble(LinkBenchmark.Upload::megabytesPerSecond));
            LinkBenchmark.Upload median = warm.get(warm.size() / 2);
            LinkBenchmark.Competition both = LinkBenchmark.competing(shaped, peer, file, downloads);
            java.nio.file.Files.delete(both.upload().savedAs());
            Table t = new Table("transfer: " + (bytes >> 20) + " MiB through a " + link + " tbf bottleneck "
                    + "(burst 32kb, limit 128kb, both ends)", "path", "MB/s", "vs TCP alone", "datagrams sent",
                    "dropped at bottleneck (all flows)");
            t.row("plain TCP stream, alone", tcp.megabytesPerSecond(), "100.0%", "-", "-");
            t.row("Parley upload, alone, first", alone.megabytesPerSecond(),
                    pct(alone.megabytesPerSecond() / tcp.megabytesPerSecond()), alone.outcome().datagramsSent(),
                    alone.towardsFar().dropped() + " (" + pct(alone.dropRatio()) + ")");
            t.row("Parley upload, alone, median of next " + WARM_LINK_UPLOADS, median.megabytesPerSecond(),
                    pct(median.megabytesPerSecond() / tcp.megabytesPerSecond()), median.outcome().datagramsSent(),
                    median.towardsFar().dropped() + " (" + pct(median.dropRatio()) + ")");
            t.row("Parley upload, with a TCP stream", both.upload().megabytesPerSecond(),
                    pct(both.upload().megabytesPerSecond() / tcp.megabytesPerSecond()),
                    both.upload().outcome().datagramsSent(),
                    both.upload().towardsFar().dropped() + " (upload's and TCP's packets)");
            t.row("the competing TCP stream", both.tcp().megabytesPerSecond(),
                    pct(both.tcp().megabytesPerSecond() / tcp.megabytesPerSecond()), "-", "-");
            t.print(System.out);
            System.out.printf("targets: upload >= 95%% of TCP alone (first %s, then %s); "
                    + "<= 2%% of its datagrams dropped, alone (%s, %s); competing TCP keeps >= 40%% of the link (%s)%n",
                    pct(alone.megabytesPerSecond() / tcp.megabytesPerSecond()),
                    pct(median.megabytesPerSecond() / tcp.megabytesPerSecond()), pct(alone.dropRatio()),
                    pct(median.dropRatio()), pct(both.tcp().megabytesPerSecond() / tcp.megabytesPerSecond()));
            System.out.printf("retransmitted datagrams, alone: first %d, then %s%n", alone.outcome().retransmissions(),
                    warm.stream().map(u -> String.valueOf(u.outcome().retransmissions()))
                            .collect(Collectors.joining(", ")));
        }
        return 0;
    }

    private static String pct(double ratio) {
        return String.format("%.1f%%", 100 * ratio);
    }

    public TransferBenchmark.Result result() {
        return result;
    }

    public SealCost.Result sealCost() {
        return sealCost;
    }
}
