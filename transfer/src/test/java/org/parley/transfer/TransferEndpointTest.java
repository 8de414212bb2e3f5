package org.parley.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.transfer.wire.PacketType;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole transfers between two real endpoints through a lossy relay. The relay's seed is printed; rerun with
 * {@code -Dtransfer.seed=<seed>} to replay the same impairment decisions.
 */
class TransferEndpointTest {
    private static final int DATAGRAM = 1472;
    private static final int CHUNK = DATAGRAM - 26;
    /** Generous idle timeout: a busy CI machine can starve a harsh-loss transfer for a few seconds. */
    private static final TransferConfig CONFIG = TransferConfig.defaults()
            .withMaxDatagramBytes(DATAGRAM)
            .withIdleTimeout(Duration.ofSeconds(10))
            .withOfferTimeout(Duration.ofSeconds(10));
    /** For the tests where a peer vanishes: its partner should notice quickly. */
    private static final Duration VANISH_TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path tmp;
    private Path downloads;
    private long seed;
    private Peers peers;

    @BeforeEach
    void setUp(TestInfo info) throws IOException {
        seed = TestFiles.seed("transfer.seed");
        System.out.println(info.getDisplayName() + ": seed " + seed + " (replay with -Dtransfer.seed=" + seed + ")");
        downloads = Files.createDirectory(tmp.resolve("downloads"));
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (peers != null) {
            peers.close();
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 1 << 20})
    void deliversExactFileDespiteLossDuplicationReorderingAndCorruption(int size) throws Exception {
        peers = new Peers(CONFIG, LossyRelay.Impairment.HARSH, seed);
        Path file = TestFiles.random(tmp.resolve("talk.bin"), size, seed);

        Peers.Upload upload = peers.upload(peers.presenter, peers.audience, file, downloads, "talk.bin");

        assertCompletedIdentical(upload, file);
        assertThat(peers.relay.sealedSeen()).isPositive();
        assertThat(peers.relay.nonceRepeats()).as("retransmissions and repeated offers take fresh nonces").isZero();
    }

    @Test
    void dropsAndCountsForgedReplayedAndStrangersDatagramsWhileTheUploadCompletes() throws Exception {
        peers = new Peers(CONFIG.withMaxBytesPerSecond(2 << 20), LossyRelay.Impairment.NONE, seed);
        Path file = TestFiles.random(tmp.resolve("talk.bin"), 4 << 20, seed);
        Peers.Upload upload = peers.upload(peers.presenter, peers.audience, file, downloads, "talk.bin");
        awaitReceivedSomething(upload);

        peers.relay.blackhole();
        List<byte[]> genuine = peers.relay.dataFromA();
        for (byte[] replay : genuine) {
            peers.relay.injectTowardsB(replay);
        }
        int forged = 0;
        for (byte[] original : genuine.subList(0, 20)) {
            byte[] copy = original.clone();
            java.nio.ByteBuffer.wrap(copy).putLong(16, Long.MAX_VALUE - forged); // fresh counter: reaches GCM
            copy[copy.length - 1 - forged] ^= 0x40;
            peers.relay.injectTowardsB(copy);
            forged++;
        }
        int strangers = 30;
        try (java.nio.channels.DatagramChannel stranger = java.nio.channels.DatagramChannel.open()) {
            for (int i = 0; i < strangers; i++) {
                byte[] copy = genuine.get(i % genuine.size()).clone();
                java.nio.ByteBuffer.wrap(copy).putLong(16, Long.MAX_VALUE - 1000 - i);
                stranger.send(java.nio.ByteBuffer.wrap(copy), Peers.local(peers.audience));
            }
        }
        peers.relay.resume();

        assertCompletedIdentical(upload, file);
        assertThat(genuine).hasSizeGreaterThan(20);
        assertThat(upload.received().dropped.get(5, TimeUnit.SECONDS))
                .isEqualTo(new org.parley.transfer.seal.DroppedDatagrams(strangers, forged, genuine.size()));
    }

    @Test
    void anUploadSealedUnderAnotherKeyIsNeverRead() throws Exception {
        peers = new Peers(CONFIG.withIdleTimeout(Duration.ofMillis(800)).withOfferTimeout(Duration.ofMillis(1500)),
                LossyRelay.Impairment.NONE, seed);
        Path file = TestFiles.random(tmp.resolve("talk.bin"), 10_000, seed);
        String sha = FileDigest.sha256Hex(file);

        Peers.Upload upload = peers.upload(peers.presenter, peers.audience, file, downloads, "talk.bin", sha, sha,
                "token-ok", "token-ok", org.parley.transfer.seal.TransferKey.random(),
                org.parley.transfer.seal.TransferKey.random());

        assertFailsWith(upload, "did not answer the offer");
        assertThat(upload.received().failed.get(10, TimeUnit.SECONDS)).contains("no offer arrived");
        assertThat(upload.received().dropped.get(5, TimeUnit.SECONDS).unauthentic())
                .as("every offer was dropped as unauthentic").isPositive();
        assertDownloadsEmpty();
    }

    @Test
    void aTicketIsGoodForOneTransferPerEndpointSoNoNonceIsEverSealedTwice() throws Exception {
        peers = new Peers(CONFIG, LossyRelay.Impairment.NONE, seed);
        Path file = TestFiles.random(tmp.resolve("talk.bin"), 50_000, seed);
        String sha = FileDigest.sha256Hex(file);
        org.parley.transfer.seal.TransferKey key = org.parley.transfer.seal.TransferKey.random();
        IncomingTransfer expected = new IncomingTransfer(77, "t", "yoda", "talk.bin", 50_000, sha, key);
        OutgoingTransfer ticket = new OutgoingTransfer(77, "t", "yoda", "talk.bin", peers.relay.forA(), 50_000, sha,
                key);
        RecordingListener received = new RecordingListener();
        peers.audience.expect(expected, downloads, received);
        peers.presenter.send(ticket, file, TransferListener.NONE).get(30, TimeUnit.SECONDS);
        received.completed.get(5, TimeUnit.SECONDS);

        RecordingListener again = new RecordingListener();
        assertThatThrownBy(() -> peers.presenter.send(ticket, file, again).get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(TransferFailedException.class).hasMessageContaining("already used");
        assertThat(again.failed.get(1, TimeUnit.SECONDS)).contains("already used");
        RecordingListener expectedAgain = new RecordingListener();
        peers.audience.expect(expected, downloads, expectedAgain);
        assertThat(expectedAgain.failed.get(1, TimeUnit.SECONDS)).contains("already used");
    }

    @Test
    void anEmptyFileCompletesForThePresenterEvenIfEveryAcceptIsLost() throws Exception {
        // The audience of an empty file accepts and is done at once; if its ACCEPT is lost, the presenter
        // keeps offering and must take the DONE it gets back as the outcome, not wait for an ACCEPT.
        peers = new Peers(CONFIG, LossyRelay.Impairment.NONE, seed);
        peers.relay.dropEveryFromB(PacketType.ACCEPT);
        Path file = TestFiles.random(tmp.resolve("empty.bin"), 0, seed);

        Peers.Upload upload = peers.upload(peers.presenter, peers.audience, file, downloads, "empty.bin");

        assertCompletedIdentical(upload, file);
    }

    @Test
    void aDownloadNeverReplacesAFileOfTheSameNameButTakesTheNextNumberedName() throws Exception {
        peers = new Peers(CONFIG, LossyRelay.Impairment.NONE, seed);
        Path file = TestFiles.random(tmp.resolve("plans.bin"), 100_000, seed);
        Path first = TestFiles.random(tmp.resolve("first.bin"), 1_000, seed + 1);
        Peers.Upload once = peers.upload(peers.presenter, peers.audience, first, downloads, "plans.bin");
        assertCompletedIdentical(once, first);
        Path existing = downloads.toAbsolutePath().normalize().resolve(once.finalName());

        Peers.Upload again = peers.upload(peers.presenter, peers.audience, file, downloads, "plans.bin");

        again.outcome().get(30, TimeUnit.SECONDS);
        Path saved = again.received().completed.get(5, TimeUnit.SECONDS);
        String base = once.finalName().substring(0, once.finalName().length() - ".bin".length());
        assertThat(saved).isEqualTo(existing.resolveSibling(base + " (1).bin"));
        assertThat(FileDigest.sha256Hex(saved)).isEqualTo(FileDigest.sha256Hex(file));
        assertThat(FileDigest.sha256Hex(existing)).isEqualTo(FileDigest.sha256Hex(first));
    }

    @Test
    void deliversLargeFileWithMildLoss() throws Exception {
        peers = new Peers(CONFIG, LossyRelay.Impairment.MILD, seed);
        Path file = TestFiles.random(tmp.resolve("big.bin"), 64L << 20, seed);

        Peers.Upload upload = peers.upload(peers.presenter, peers.audience, file, downloads, "big.bin");

        assertCompletedIdentical(upload, file);
    }

    @Test
    void runsConcurrentTransfersInBothDirectionsOnOnePortEach() throws Exception {
        peers = new Peers(CONFIG, LossyRelay.Impairment.HARSH, seed);
        Path otherDownloads = Files.createDirectory(tmp.resolve("other-downloads"));
        Path one = TestFiles.random(tmp.resolve("one.bin"), 600_000, seed);
        Path two = TestFiles.random(tmp.resolve("two.bin"), 400_000, seed + 1);
        Path three = TestFiles.random(tmp.resolve("three.bin"), 500_000, seed + 2);
        Path four = TestFiles.random(tmp.resolve("four.bin"), 300_000, seed + 3);

        List<Peers.Upload> forward = List.of(
                peers.upload(peers.presenter, peers.audience, one, downloads, "one.bin"),
                peers.upload(peers.presenter, peers.audience, two, downloads, "two.bin"));
        List<Peers.Upload> backward = List.of(
                peers.upload(peers.audience, peers.presenter, three, otherDownloads, "three.bin"),
                peers.upload(peers.audience, peers.presenter, four, otherDownloads, "four.bin"));

        for (Peers.Upload upload : List.of(forward.get(0), forward.get(1), backward.get(0), backward.get(1))) {
            upload.outcome().get(30, TimeUnit.SECONDS);
        }
        assertCompletedIdentical(forward.get(0), one);
        assertCompletedIdentical(forward.get(1), two);
        assertCompletedIdentical(backward.get(0), three, otherDownloads);
        assertCompletedIdentical(backward.get(1), four, otherDownloads);
    }

    @Test
    void completesWhileRandomDatagramsAreSprayedAtBothPorts() throws Exception {
        peers = new Peers(CONFIG, LossyRelay.Impairment.NONE, seed);
        Path file = TestFiles.random(tmp.resolve("talk.bin"), 2 << 20, seed);
        try (Sprayer sprayer = new Sprayer(seed, Peers.local(peers.audience), Peers.local(peers.presenter))) {
            Peers.Upload upload = peers.upload(peers.presenter, peers.audience, file, downloads, "talk.bin");
            sprayer.aimAt(upload.id());

            assertCompletedIdentical(upload, file);
            assertThat(sprayer.sent()).isPositive();
        }
    }

    @Test
    void presenterLearnsWhyWhenAudienceVanishesMidTransfer() throws Exception {
        peers = new Peers(CONFIG.withMaxBytesPerSecond(2 << 20).withIdleTimeout(VANISH_TIMEOUT), LossyRelay.Impairment.NONE, seed);
        Path file = TestFiles.random(tmp.resolve("talk.bin"), 16 << 20, seed);
        Peers.Upload upload = peers.upload(peers.presenter, peers.audience, file, downloads, "talk.bin");
        awaitReceivedSomething(upload);

        peers.relay.blackhole();
        peers.audience.close();

        assertFailsWith(upload, "the audience stopped responding");
        assertThat(upload.sent().failed.get(5, TimeUnit.SECONDS)).contains("stopped responding");
        assertKeptForResumeOnly();
    }

    @Test
    void audienceLearnsWhyAndKeepsOnlyAResumablePartialWhenPresenterVanishesMidTransfer() throws Exception {
        peers = new Peers(CONFIG.withMaxBytesPerSecond(2 << 20).withIdleTimeout(VANISH_TIMEOUT), LossyRelay.Impairment.NONE, seed);
        Path file = TestFiles.random(tmp.resolve("talk.bin"), 16 << 20, seed);
        Peers.Upload upload = peers.upload(peers.presenter, peers.audience, file, downloads, "talk.bin");
        awaitReceivedSomething(upload);

        peers.relay.blackhole();
        peers.presenter.close();

        assertThat(upload.received().failed.get(10, TimeUnit.SECONDS)).contains("the presenter stopped sending");
        assertKeptForResumeOnly();
    }

    /**
     * The server says the audience's session ended: the presenter ends the transfer on that word, with that
     * reason, and not after its idle timeout (a minute here, far beyond the test's wait).
     */
    @Test
    void presenterAbortsAtOnceWhenTheServerSaysTheAudienceLeft() throws Exception {
        peers = new Peers(CONFIG.withMaxBytesPerSecond(2 << 20).withIdleTimeout(Duration.ofSeconds(60)),
                LossyRelay.Impairment.NONE, seed);
        Path file = TestFiles.random(tmp.resolve("talk.bin"), 16 << 20, seed);
        Peers.Upload upload = peers.upload(peers.presenter, peers.audience, file, downloads, "talk.bin");
        awaitReceivedSomething(upload);
        peers.relay.blackhole();

        assertThat(peers.presenter.abort(upload.id(), "hans logged out")).isTrue();

        assertThatThrownBy(() -> upload.outcome().get(5, TimeUnit.SECONDS))
                .cause().isInstanceOf(TransferFailedException.class).hasMessage("hans logged out");
        assertThat(upload.sent().failed.get(5, TimeUnit.SECONDS)).isEqualTo("hans logged out");
        assertThat(peers.presenter.abort(upload.id(), "again")).as("nothing left to abort").isFalse();
    }

    @Test
    void audienceAbortsAtOnceAndKeepsOnlyAResumablePartialWhenTheServerSaysThePresenterLeft() throws Exception {
        peers = new Peers(CONFIG.withMaxBytesPerSecond(2 << 20).withIdleTimeout(Duration.ofSeconds(60)),
                LossyRelay.Impairment.NONE, seed);
        Path file = TestFiles.random(tmp.resolve("talk.bin"), 16 << 20, seed);
        Peers.Upload upload = peers.upload(peers.presenter, peers.audience, file, downloads, "talk.bin");
        awaitReceivedSomething(upload);
        peers.relay.blackhole();

        assertThat(peers.audience.abort(upload.id(), "yoda lost the connection")).isTrue();

        assertThat(upload.received().failed.get(5, TimeUnit.SECONDS)).isEqualTo("yoda lost the connection");
        assertKeptForResumeOnly();
        assertThat(peers.audience.abort(upload.id(), "again")).isFalse();
        assertThat(peers.audience.abort(424242L, "unknown")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil.txt", "a/b.txt", "..", "c:\\evil.txt", "bad\u0000name", "new\nline", ""})
    void refusesHostileFileNameAndWritesNothing(String hostile) throws Exception {
        peers = new Peers(CONFIG, LossyRelay.Impairment.NONE, seed);
        Path file = TestFiles.random(tmp.resolve("talk.bin"), 10_000, seed);

        Peers.Upload upload = peers.upload(peers.presenter, peers.audience, file, downloads, hostile);

        assertThat(upload.received().failed.get(5, TimeUnit.SECONDS)).contains("refused");
        assertFailsWith(upload, "refused");
        assertDownloadsEmpty();
        try (Stream<Path> all = Files.walk(tmp)) {
            assertThat(all.filter(p -> p.getFileName().toString().contains("evil"))).isEmpty();
        }
    }

    @Test
    void dropsOfferWithWrongTokenAndKeepsWaitingForTheRightOne() throws Exception {
        peers = new Peers(CONFIG.withIdleTimeout(Duration.ofMillis(800)), LossyRelay.Impairment.NONE, seed);
        Path file = TestFiles.random(tmp.resolve("talk.bin"), 10_000, seed);
        String sha = FileDigest.sha256Hex(file);

        Peers.Upload upload = peers.upload(peers.presenter, peers.audience, file, downloads, "talk.bin", sha, sha,
                "right-token", "forged-token");

        assertFailsWith(upload, "did not answer the offer");
        assertThat(upload.received().failed).isNotDone();
        assertThat(upload.received().completed).isNotDone();
        assertDownloadsEmpty();
    }

    @Test
    void refusesFileWhoseHashDiffersFromTheAuthorisation() throws Exception {
        peers = new Peers(CONFIG, LossyRelay.Impairment.MILD, seed);
        Path file = TestFiles.random(tmp.resolve("talk.bin"), 300_000, seed);
        String lie = "ab".repeat(32);

        Peers.Upload upload = peers.upload(peers.presenter, peers.audience, file, downloads, "talk.bin", lie, lie,
                "token-ok", "token-ok");

        assertThat(upload.received().failed.get(10, TimeUnit.SECONDS)).contains("verification failed");
        assertFailsWith(upload, "verification failed");
        assertDownloadsEmpty();
    }

    @Test
    void refusesOfferThatDoesNotMatchTheAuthorisation() throws Exception {
        peers = new Peers(CONFIG, LossyRelay.Impairment.NONE, seed);
        Path file = TestFiles.random(tmp.resolve("talk.bin"), 10_000, seed);
        String sha = FileDigest.sha256Hex(file);

        Peers.Upload upload = peers.upload(peers.presenter, peers.audience, file, downloads, "talk.bin",
                "cd".repeat(32), sha, "token-ok", "token-ok");

        assertThat(upload.received().failed.get(5, TimeUnit.SECONDS)).contains("does not match");
        assertFailsWith(upload, "does not match");
        assertDownloadsEmpty();
    }

    /** A MiB at least: enough for some of it to have left the audience's write buffer (and be resumable). */
    private void awaitReceivedSomething(Peers.Upload upload) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> upload.received().bytesDone.get() >= 1 << 20);
    }

    private void assertCompletedIdentical(Peers.Upload upload, Path original) throws Exception {
        assertCompletedIdentical(upload, original, downloads);
    }

    private void assertCompletedIdentical(Peers.Upload upload, Path original, Path dir) throws Exception {
        TransferOutcome outcome = upload.outcome().get(30, TimeUnit.SECONDS);
        Path saved = upload.received().completed.get(5, TimeUnit.SECONDS);
        assertThat(saved).isEqualTo(dir.toAbsolutePath().normalize().resolve(upload.finalName()));
        assertThat(FileDigest.sha256Hex(saved)).isEqualTo(FileDigest.sha256Hex(original));
        assertThat(Files.size(saved)).isEqualTo(Files.size(original));
        assertThat(outcome.bytes()).isEqualTo(Files.size(original));
        assertThat(upload.sent().completed.get(5, TimeUnit.SECONDS)).isEqualTo(original);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
        assertSamePermissionsAsAnOrdinaryNewFile(saved, dir);
    }

    /** A download gets the permissions any file the user creates gets (the umask), not owner-only. */
    private static void assertSamePermissionsAsAnOrdinaryNewFile(Path saved, Path dir) throws IOException {
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Path ordinary = Files.createFile(dir.resolve("ordinary-" + System.nanoTime()));
        try {
            assertThat(Files.getPosixFilePermissions(saved)).isEqualTo(Files.getPosixFilePermissions(ordinary));
        } finally {
            Files.delete(ordinary);
        }
    }

    private void assertFailsWith(Peers.Upload upload, String reason) {
        assertThatThrownBy(() -> upload.outcome().get(15, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(TransferFailedException.class)
                .hasMessageContaining(reason);
    }

    /** No file at all, not even a partial kept for a resume. */
    private void assertDownloadsEmpty() throws IOException {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            try (Stream<Path> files = Files.walk(downloads)) {
                assertThat(files.filter(Files::isRegularFile)).isEmpty();
            }
        });
    }

    /** Nothing under a visible name; what was received is kept, owner-only, for a resume of the same file. */
    private void assertKeptForResumeOnly() throws IOException {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            try (Stream<Path> files = Files.list(downloads)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactly(".parley-partial");
            }
            try (Stream<Path> files = Files.list(downloads.resolve(".parley-partial"))) {
                assertThat(files.map(p -> p.getFileName().toString().replaceAll(".*\\.", "")))
                        .containsExactlyInAnyOrder("part", "resume");
            }
        });
    }
}
