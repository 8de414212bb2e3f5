package org.parley.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.transfer.seal.TransferKey;

/**
 * An interrupted upload resumes from what the audience kept, between real endpoints on loopback: after the
 * audience's client restarts, after the presenter's does, and not when the file changed in between. Each
 * attempt is a new authorisation (new id, token and key), as the server would issue it.
 */
class ResumeTest {
    private static final AtomicLong IDS = new AtomicLong(50_000);
    private static final int SIZE = 12 << 20;
    /** Paced, so the first attempt is surely interrupted midway; the idle timeout never decides anything here. */
    private static final TransferConfig CONFIG = TransferConfig.defaults()
            .withMaxBytesPerSecond(3 << 20)
            .withIdleTimeout(Duration.ofSeconds(30))
            .withOfferTimeout(Duration.ofSeconds(30));

    @TempDir
    Path tmp;
    private Path downloads;
    private Path file;
    private final List<TransferEndpoint> endpoints = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        downloads = Files.createDirectory(tmp.resolve("downloads"));
        file = TestFiles.random(tmp.resolve("talk.bin"), SIZE, TestFiles.seed("transfer.seed"));
    }

    @AfterEach
    void tearDown() {
        endpoints.forEach(TransferEndpoint::close);
    }

    @Test
    void resumesAfterTheAudienceRestarts() throws Exception {
        TransferEndpoint presenter = bind();
        TransferEndpoint audience = bind();
        Attempt first = upload(presenter, audience);
        awaitReceived(first, 2 << 20);

        audience.close();
        assertThatThrownBy(() -> first.outcome.get(10, TimeUnit.SECONDS)).hasMessageContaining("closed");
        assertOnlyAPartialIsKept();

        TransferEndpoint restarted = bind();
        Attempt second = upload(presenter, restarted);

        TransferOutcome outcome = assertCompletedIdentical(second);
        assertThat(outcome.resumedBytes()).as("resumed, not started over").isGreaterThanOrEqualTo(1 << 20);
        assertThat(outcome.datagramsSent()).isLessThan(SIZE / 1400);
    }

    @Test
    void resumesAfterThePresenterRestarts() throws Exception {
        TransferEndpoint presenter = bind();
        TransferEndpoint audience = bind();
        Attempt first = upload(presenter, audience);
        awaitReceived(first, 2 << 20);

        presenter.close();
        assertThat(first.received.failed.get(10, TimeUnit.SECONDS)).contains("the presenter cancelled");
        assertOnlyAPartialIsKept();

        TransferEndpoint restarted = bind();
        Attempt second = upload(restarted, audience);

        TransferOutcome outcome = assertCompletedIdentical(second);
        assertThat(outcome.resumedBytes()).isGreaterThanOrEqualTo(1 << 20);
    }

    @Test
    void aChangedFileStartsFreshAndTheOldPartialIsDropped() throws Exception {
        TransferEndpoint presenter = bind();
        TransferEndpoint audience = bind();
        Attempt first = upload(presenter, audience);
        awaitReceived(first, 2 << 20);
        presenter.close();
        first.received.failed.get(10, TimeUnit.SECONDS);
        assertOnlyAPartialIsKept();

        // same name and size, other bytes (so another SHA-256): what was kept is of no use
        byte[] bytes = Files.readAllBytes(file);
        bytes[0] ^= 1;
        Files.write(file, bytes);
        Attempt second = upload(bind(), audience);

        TransferOutcome outcome = assertCompletedIdentical(second);
        assertThat(outcome.resumedBytes()).isZero();
        assertThat(outcome.datagramsSent()).isGreaterThanOrEqualTo(SIZE / 1446);
    }

    private TransferEndpoint bind() throws IOException {
        TransferEndpoint endpoint = TransferEndpoint.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                CONFIG);
        endpoints.add(endpoint);
        return endpoint;
    }

    private record Attempt(java.util.concurrent.CompletableFuture<TransferOutcome> outcome,
                           RecordingListener received) {
    }

    private Attempt upload(TransferEndpoint from, TransferEndpoint to) throws IOException {
        long id = IDS.incrementAndGet();
        String sha = FileDigest.sha256Hex(file);
        TransferKey key = TransferKey.random();
        RecordingListener received = new RecordingListener();
        to.expect(new IncomingTransfer(id, "tok", "yoda", "talk.bin", SIZE, sha, key), downloads, received);
        var outcome = from.send(new OutgoingTransfer(id, "tok", "yoda", "talk.bin",
                new InetSocketAddress(InetAddress.getLoopbackAddress(), to.port()), SIZE, sha, key), file,
                new RecordingListener());
        return new Attempt(outcome, received);
    }

    private static void awaitReceived(Attempt attempt, long bytes) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> attempt.received.bytesDone.get() >= bytes);
    }

    private TransferOutcome assertCompletedIdentical(Attempt attempt) throws Exception {
        TransferOutcome outcome = attempt.outcome.get(30, TimeUnit.SECONDS);
        Path saved = attempt.received.completed.get(5, TimeUnit.SECONDS);
        assertThat(saved.getFileName().toString()).isEqualTo("yoda_talk.bin");
        assertThat(FileDigest.sha256Hex(saved)).isEqualTo(FileDigest.sha256Hex(file));
        try (Stream<Path> files = Files.list(downloads)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("nothing left to resume, nothing else")
                    .containsExactly("yoda_talk.bin");
        }
        return outcome;
    }

    /** Nothing under a visible name; the partial and its sidecar sit in the owner-only directory. */
    private void assertOnlyAPartialIsKept() throws IOException {
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            try (Stream<Path> files = Files.list(downloads)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactly(".parley-partial");
            }
            try (Stream<Path> files = Files.list(downloads.resolve(".parley-partial"))) {
                assertThat(files.map(p -> p.getFileName().toString().replaceAll(".*\\.", "")))
                        .containsExactlyInAnyOrder("part", "resume");
            }
        });
        Path dir = downloads.resolve(".parley-partial");
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        }
    }
}
