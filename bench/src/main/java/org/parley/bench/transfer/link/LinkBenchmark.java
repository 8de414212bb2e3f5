package org.parley.bench.transfer.link;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.parley.transfer.FileDigest;
import org.parley.transfer.IncomingTransfer;
import org.parley.transfer.OutgoingTransfer;
import org.parley.transfer.TransferConfig;
import org.parley.transfer.TransferEndpoint;
import org.parley.transfer.TransferListener;
import org.parley.transfer.TransferOutcome;
import org.parley.transfer.seal.TransferKey;

/**
 * Uploads and TCP streams through a {@link BottleneckLink} to a {@link FarPeer}: what the issue measured by
 * hand. Each method runs one scenario and returns what it saw; nothing here asserts or judges.
 */
public final class LinkBenchmark {
    private static final AtomicLong IDS = new AtomicLong(7000);

    private LinkBenchmark() {
    }

    /** One upload through the link: its outcome, where the far end saved it, and the bottleneck's counters. */
    public record Upload(TransferOutcome outcome, Path savedAs, Duration elapsed,
                         BottleneckLink.QdiscCounters towardsFar, BottleneckLink.QdiscCounters towardsHost) {
        public double megabytesPerSecond() {
            return outcome.bytes() / 1e6 / (elapsed.toNanos() / 1e9);
        }

        /** Datagrams the bottleneck dropped for every datagram the sender sent. */
        public double dropRatio() {
            return towardsFar.dropped() / (double) Math.max(1, outcome.datagramsSent());
        }
    }

    /** A TCP stream's bytes and the time they took to reach the far end. */
    public record Stream(long bytes, Duration elapsed) {
        public double megabytesPerSecond() {
            return bytes / 1e6 / (elapsed.toNanos() / 1e9);
        }
    }

    /** Uploads {@code file} from this side to the far peer, sealed, with default settings. */
    public static Upload upload(BottleneckLink link, FarPeer peer, Path file, Path downloadDir) throws Exception {
        String sha = FileDigest.sha256Hex(file);
        long size = Files.size(file);
        long id = IDS.incrementAndGet();
        TransferKey key = TransferKey.random();
        try (TransferEndpoint presenter = TransferEndpoint.bind(new InetSocketAddress(link.hostAddress(), 0),
                TransferConfig.defaults())) {
            CompletableFuture<Path> saved = peer.expect(new IncomingTransfer(id, "link", "bench", "link-"
                    + id + ".bin", size, sha, key), downloadDir);
            BottleneckLink.QdiscCounters far = link.towardsFar();
            BottleneckLink.QdiscCounters host = link.towardsHost();
            long start = System.nanoTime();
            TransferOutcome outcome = presenter.send(new OutgoingTransfer(id, "link", "bench", "link-" + id
                    + ".bin", peer.udp(), size, sha, key), file, TransferListener.NONE).get(10, TimeUnit.MINUTES);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            Path savedAs = saved.get(1, TimeUnit.MINUTES);
            return new Upload(outcome, savedAs, elapsed, link.towardsFar().minus(far), link.towardsHost().minus(host));
        }
    }

    /** Streams {@code bytes} over one TCP connection to the far sink and waits for its count. */
    public static Stream tcp(FarPeer peer, long bytes) throws IOException {
        long start = System.nanoTime();
        try (SocketChannel channel = SocketChannel.open(peer.tcp())) {
            ByteBuffer chunk = ByteBuffer.allocateDirect(256 * 1024);
            long sent = 0;
            while (sent < bytes) {
                chunk.clear().limit((int) Math.min(chunk.capacity(), bytes - sent));
                sent += channel.write(chunk);
            }
            return new Stream(finish(channel), Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /**
     * Uploads {@code file} while a TCP stream to the far sink competes for the link from the upload's start to
     * its end; returns both. The stream's rate is its bytes over its own duration.
     */
    public static Competition competing(BottleneckLink link, FarPeer peer, Path file, Path downloadDir)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Stream> stream = CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            try (SocketChannel channel = SocketChannel.open(peer.tcp())) {
                ByteBuffer chunk = ByteBuffer.allocateDirect(64 * 1024);
                while (!stop.get()) {
                    chunk.clear();
                    channel.write(chunk);
                }
                return new Stream(finish(channel), Duration.ofNanos(System.nanoTime() - start));
            } catch (IOException e) {
                throw new IllegalStateException("competing TCP stream: " + e.getMessage(), e);
            }
        });
        Upload upload;
        try {
            upload = upload(link, peer, file, downloadDir);
        } finally {
            stop.set(true);
        }
        return new Competition(upload, stream.get(1, TimeUnit.MINUTES));
    }

    public record Competition(Upload upload, Stream tcp) {
    }

    /** Writes a reproducible random file of {@code size} bytes. */
    public static Path randomFile(Path file, long size, long seed) throws IOException {
        java.util.Random random = new java.util.Random(seed);
        byte[] block = new byte[1 << 20];
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long done = 0; done < size; done += block.length) {
                random.nextBytes(block);
                out.write(ByteBuffer.wrap(block, 0, (int) Math.min(block.length, size - done)));
            }
        }
        return file;
    }

    private static long finish(SocketChannel channel) throws IOException {
        channel.shutdownOutput();
        ByteBuffer count = ByteBuffer.allocate(8);
        while (count.hasRemaining()) {
            if (channel.read(count) < 0) {
                throw new IOException("the TCP sink closed without its count");
            }
        }
        return count.getLong(0);
    }
}
