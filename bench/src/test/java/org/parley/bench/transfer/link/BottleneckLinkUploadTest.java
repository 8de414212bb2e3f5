package org.parley.bench.transfer.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.transfer.FileDigest;

/**
 * A real upload through a real bottleneck: a network namespace behind a veth pair shaped to 100 Mbit/s by tbf
 * on both ends (the setup), the receiving endpoint in its own JVM inside the namespace. Runs only as
 * root with the tools at hand (CI does) and is skipped with the reason otherwise. It asserts what the upload
 * must do, not how fast: the file arrives intact, and the sender does not flood the link (the bottleneck drops
 * at most 2% of the datagrams sent; without congestion control it dropped about 45 for each one sent).
 */
class BottleneckLinkUploadTest {
    private static final long SIZE = 50L << 20;

    private static BottleneckLink link;
    private static FarPeer peer;

    @BeforeAll
    static void buildLink() throws Exception {
        String why = BottleneckLink.unavailableBecause();
        assumeTrue(why == null, () -> "skipped, no real link to test on: " + why);
        link = BottleneckLink.create("100mbit", "32kb", "128kb");
        peer = FarPeer.start(link);
    }

    @AfterAll
    static void removeLink() throws Exception {
        try {
            if (peer != null) {
                peer.close();
            }
        } finally {
            if (link != null) {
                link.close();
            }
        }
    }

    @Test
    void uploadThroughA100MbitBottleneckArrivesIntactWithoutFloodingIt(@TempDir Path dir) throws Exception {
        Path file = LinkBenchmark.randomFile(dir.resolve("payload.bin"), SIZE, 13);
        Path downloads = Files.createDirectory(dir.resolve("downloads"));

        LinkBenchmark.Upload upload = LinkBenchmark.upload(link, peer, file, downloads);

        assertThat(Files.size(upload.savedAs())).isEqualTo(SIZE);
        assertThat(FileDigest.sha256Hex(upload.savedAs())).isEqualTo(FileDigest.sha256Hex(file));
        System.out.printf("through 100 Mbit/s: %d datagrams sent, %d dropped at the bottleneck, %.1f MB/s%n",
                upload.outcome().datagramsSent(), upload.towardsFar().dropped(), upload.megabytesPerSecond());
        assertThat(upload.towardsFar().packets()).isGreaterThanOrEqualTo(SIZE / 1472);
        assertThat(upload.dropRatio()).isLessThanOrEqualTo(0.02);
    }
}
