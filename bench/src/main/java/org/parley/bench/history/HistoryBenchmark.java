package org.parley.bench.history;

import io.netty.channel.nio.NioEventLoopGroup;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.parley.bench.report.Table;
import org.parley.bench.support.Endpoint;
import org.parley.bench.support.Logins;
import org.parley.bench.support.ServerProcess;
import org.parley.client.api.ParleyClient;
import org.parley.protocol.HistoryKind;

/**
 * One user broadcasts the history (nobody else online, so nothing fans out), then several users read
 * all of it at once with {@code RDM b}, page by page; the server's resident memory is sampled every
 * 50 ms meanwhile. Before pages, each reader made the server hold its whole history.
 */
public final class HistoryBenchmark {

    private static final int IN_FLIGHT = 64;
    private static final long SAMPLE_MILLIS = 50;

    public record Settings(int broadcasts, int chars, int readers, List<String> serverJvm) {}

    /** Per reader: items and pages read. Memory in KiB. */
    public record Result(double fillSeconds, long residentBeforeKiB, long residentPeakKiB, long residentAfterKiB,
                         double readSeconds, List<Long> itemsPerReader, List<Long> pagesPerReader) {

        public double itemsPerSecond() {
            return itemsPerReader.stream().mapToLong(Long::longValue).sum() / readSeconds;
        }
    }

    private final Settings settings;

    public HistoryBenchmark(Settings settings) {
        this.settings = settings;
    }

    public Result run(Path dir) throws Exception {
        NioEventLoopGroup group = new NioEventLoopGroup(2);
        try (ServerProcess server = ServerProcess.start(dir.resolve("server"), "testing", settings.serverJvm())) {
            long fillStart = System.nanoTime();
            fill(server.endpoint(), group);
            double fillSeconds = (System.nanoTime() - fillStart) / 1e9;

            List<ParleyClient> readers = new ArrayList<>();
            for (int i = 0; i < settings.readers(); i++) {
                readers.add(Logins.login(server.endpoint(), group, Logins.user("reader", i), "pw").get(2, TimeUnit.MINUTES));
            }
            long before = server.residentKiB();
            AtomicLong peak = new AtomicLong(before);
            List<AtomicLong> items = new ArrayList<>();
            List<AtomicLong> pages = new ArrayList<>();
            List<CompletableFuture<Long>> reads = new ArrayList<>();
            long readStart = System.nanoTime();
            for (ParleyClient reader : readers) {
                AtomicLong itemCount = new AtomicLong();
                AtomicLong pageCount = new AtomicLong();
                items.add(itemCount);
                pages.add(pageCount);
                reads.add(reader.readHistoryPages(HistoryKind.BROADCAST, Instant.EPOCH, page -> {
                    pageCount.incrementAndGet();
                    itemCount.addAndGet(page.items().size());
                }));
            }
            CompletableFuture<Void> all = CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new));
            while (!all.isDone()) {
                peak.accumulateAndGet(server.residentKiB(), Math::max);
                try {
                    all.get(SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    // sample again
                }
            }
            all.join();
            double readSeconds = (System.nanoTime() - readStart) / 1e9;
            long after = server.residentKiB();
            readers.forEach(ParleyClient::close);
            for (CompletableFuture<Long> read : reads) {
                if (read.join() != settings.broadcasts()) {
                    throw new IllegalStateException("a reader got " + read.join() + " of " + settings.broadcasts());
                }
            }
            return new Result(fillSeconds, before, Math.max(peak.get(), after), after, readSeconds,
                    items.stream().map(AtomicLong::get).toList(), pages.stream().map(AtomicLong::get).toList());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private void fill(Endpoint port, NioEventLoopGroup group) throws Exception {
        try (ParleyClient writer = Logins.login(port, group, "writer", "pw").get(2, TimeUnit.MINUTES)) {
            Semaphore window = new Semaphore(IN_FLIGHT);
            AtomicLong failed = new AtomicLong();
            String body = "x".repeat(Math.max(1, settings.chars() - 8));
            for (int i = 0; i < settings.broadcasts(); i++) {
                window.acquire();
                String text = (String.format("%07d ", i) + body).substring(0, Math.min(4000, 8 + body.length()));
                writer.broadcast(text).whenComplete((sent, err) -> {
                    if (err != null) {
                        failed.incrementAndGet();
                    }
                    window.release();
                });
            }
            window.acquire(IN_FLIGHT);
            if (failed.get() > 0) {
                throw new IOException(failed.get() + " broadcasts failed while filling the history");
            }
        }
    }

    public static void print(Settings settings, Result r, PrintStream out) {
        new Table("history: " + settings.readers() + " readers of " + settings.broadcasts() + " broadcasts of "
                + settings.chars() + " chars", "fill s", "read s", "items/s (all readers)", "pages/reader",
                "RSS before MiB", "RSS peak MiB", "RSS after MiB")
                .row(r.fillSeconds(), r.readSeconds(), r.itemsPerSecond(), r.pagesPerReader().get(0),
                        r.residentBeforeKiB() / 1024.0, r.residentPeakKiB() / 1024.0, r.residentAfterKiB() / 1024.0)
                .print(out);
    }
}
