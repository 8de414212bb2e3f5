package org.parley.e2e.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.e2e.harness.ClientLauncher;
import org.parley.e2e.harness.ClientProcess;
import org.parley.e2e.harness.ServerProcess;

/**
 * File upload over UDP end to end (SPEC 6), with the conferencing command line
 * {@code SERVER_IP SERVER_PORT CLIENT_UDP_PORT}: yoda presents from its own working directory, hans
 * receives into a download directory of its own.
 */
class UploadE2ETest {

    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;
    private Path yodaDir;
    private Path hansDir;
    private Path hansDownloads;
    private ServerProcess server;
    private final List<ClientLauncher.Launched> clients = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        yodaDir = Files.createDirectory(dir.resolve("yoda"));
        hansDir = Files.createDirectory(dir.resolve("hans"));
        hansDownloads = Files.createDirectory(hansDir.resolve("downloads"));
        ServerProcess.writeCredentials(dir, "yoda jedi", "hans solo", "leia rebel");
        server = ServerProcess.start(dir, "0");
    }

    @AfterEach
    void stop() {
        clients.forEach(c -> c.client().close());
        server.close();
    }

    private ClientLauncher.Launched login(String user, String password, Path workDir, int udpPort, String... options)
            throws IOException {
        List<String> args = new ArrayList<>(List.of(options));
        args.addAll(List.of("127.0.0.1", Integer.toString(server.port()), Integer.toString(udpPort)));
        ClientLauncher.Launched launched = ClientLauncher.start(workDir, user, args);
        clients.add(launched);
        launched.client().expect(ClientProcess.USERNAME).type(user).expect(ClientProcess.PASSWORD).type(password)
                .expect("Welcome to Parley, " + user + "!");
        return launched;
    }

    private ClientProcess yoda(int udpPort) throws IOException {
        return login("yoda", "jedi", yodaDir, udpPort).client();
    }

    private ClientLauncher.Launched hans(int udpPort) throws IOException {
        return login("hans", "solo", hansDir, udpPort, "--download-dir", hansDownloads.toString());
    }

    @Test
    void aFileNameWithSpacesIsQuotedAsInAShellAndSavedUnderThatName() throws IOException {
        ClientProcess yoda = yoda(freeUdpPort());
        ClientProcess hans = hans(freeUdpPort()).client();
        yoda.expect("hans logged in");

        Path report = randomFile(yodaDir.resolve("my report.pdf"), 5000, 11L);
        yoda.type("UDP hans \"my report.pdf\"").expect("my report.pdf has been uploaded");
        hans.expect("Received my report.pdf from yoda").expect("Saved as " + shown(hansDownloads.resolve("yoda_my report.pdf")));
        yoda.type("UPD hans my\\ report.pdf").expect("my report.pdf has been uploaded");
        hans.expect("Received my report.pdf from yoda")
                .expect("Saved as " + shown(hansDownloads.resolve("yoda_my report (1).pdf")));
        assertThat(sha256(hansDownloads.resolve("yoda_my report (1).pdf"))).isEqualTo(sha256(report));

        // unquoted, the space separates words; an open quote is refused; nothing is sent for either
        yoda.type("UDP hans my report.pdf").expect("Usage: UDP <user> <file>");
        yoda.type("UDP hans 'my report.pdf").awaitLine(l -> l.startsWith("Error. A quote in the file name is not closed"),
                "the unclosed-quote error", ClientProcess.WAIT);
        assertThat(fileNames(hansDownloads)).containsExactly("yoda_my report (1).pdf", "yoda_my report.pdf");
    }

    @Test
    void theConferencingSampleDeliversIdenticalCopiesUnderThePresentersNameOnly() throws IOException {
        int yodaUdp = freeUdpPort();
        int hansUdp = freeUdpPort();
        ClientProcess yoda = yoda(yodaUdp);
        ClientProcess hans = hans(hansUdp).client();
        yoda.expect("hans logged in");

        yoda.type("ATU");
        yoda.awaitLine(l -> l.matches("hans, 127\\.0\\.0\\.1, " + hansUdp + ", active since .+\\."),
                "hans's ATU line with UDP port " + hansUdp, ClientProcess.WAIT);
        hans.type("ATU");
        hans.awaitLine(l -> l.matches("yoda, 127\\.0\\.0\\.1, " + yodaUdp + ", active since .+\\."),
                "yoda's ATU line with UDP port " + yodaUdp, ClientProcess.WAIT);

        Path clip = randomFile(yodaDir.resolve("lecture.mp4"), 3 * MIB, 20260601L);
        yoda.type("UPD hans lecture.mp4").expect("Uploading lecture.mp4 to hans (" + 3 * MIB + " bytes)")
                .expect("lecture.mp4 has been uploaded");
        hans.expect("Received lecture.mp4 from yoda");
        assertThat(sha256(hansDownloads.resolve("yoda_lecture.mp4"))).isEqualTo(sha256(clip));
        assertThat(fileNames(hansDownloads)).containsExactly("yoda_lecture.mp4");

        // the other spelling, the other direction, and the default download directory (the working directory)
        Path notes = randomFile(hansDir.resolve("notes.bin"), 1000, 7L);
        hans.type("UDP yoda notes.bin").expect("notes.bin has been uploaded");
        yoda.expect("Received notes.bin from hans");
        assertThat(sha256(yodaDir.resolve("hans_notes.bin"))).isEqualTo(sha256(notes));

        // a path names the file, but only its base name travels: hans gets yoda_plans.bin in its download directory
        Path secret = randomFile(dir.resolve("plans.bin"), 64 * 1024, 3L);
        yoda.type("UPD hans ../plans.bin").expect("Uploading plans.bin to hans (65536 bytes)")
                .expect("plans.bin has been uploaded");
        hans.expect("Received plans.bin from yoda")
                .expect("Saved as " + shown(hansDownloads.resolve("yoda_plans.bin")));

        assertThat(fileNames(hansDownloads)).containsExactly("yoda_lecture.mp4", "yoda_plans.bin");
        assertThat(sha256(hansDownloads.resolve("yoda_plans.bin"))).isEqualTo(sha256(secret));

        assertThat(fileNames(hansDir)).containsExactly("downloads", "notes.bin");
        try (Stream<Path> all = Files.walk(dir)) {
            assertThat(all.filter(p -> p.getFileName().toString().contains("plans")))
                    .containsExactlyInAnyOrder(secret, hansDownloads.resolve("yoda_plans.bin"));
        }

        // the same name again never replaces the first copy: the second gets the next number, and says so
        String firstCopy = sha256(secret);
        Path secondSecret = randomFile(dir.resolve("plans.bin"), 32 * 1024, 4L);
        yoda.type("UPD hans ../plans.bin").expect("plans.bin has been uploaded");
        hans.expect("Received plans.bin from yoda")
                .expect("Saved as " + shown(hansDownloads.resolve("yoda_plans (1).bin")));
        assertThat(sha256(hansDownloads.resolve("yoda_plans.bin"))).isEqualTo(firstCopy);
        assertThat(sha256(hansDownloads.resolve("yoda_plans (1).bin"))).isEqualTo(sha256(secondSecret));
    }

    /** How hans's client names a file it saved: relative to its working directory, hansDir. */
    private String shown(Path saved) {
        return "." + saved.getFileSystem().getSeparator() + hansDir.relativize(saved);
    }

    /**
     * The presenter keeps working while uploads are in flight, and several run at once in both
     * directions. The audience is paused (SIGSTOP), so no upload can finish before it is resumed: a
     * command answered meanwhile proves the shell was not held up, without any assumption about how
     * long a transfer takes.
     */
    @Test
    void uploadsRunInTheBackgroundSeveralAtOnceInBothDirections() throws IOException {
        ClientProcess yoda = yoda(freeUdpPort());
        ClientLauncher.Launched hansProcess = hans(freeUdpPort());
        ClientProcess hans = hansProcess.client();
        yoda.expect("hans logged in");
        Path clip = randomFile(yodaDir.resolve("clip.bin"), 3 * MIB, 42L);
        Path slides = randomFile(yodaDir.resolve("slides.bin"), MIB, 43L);
        Path reply = randomFile(hansDir.resolve("reply.bin"), MIB, 44L);

        ClientLauncher.signal(hansProcess.process(), "STOP");
        try {
            yoda.type("UPD hans clip.bin");
            yoda.type("UPD hans slides.bin");
            yoda.type("whoelse").expect("hans");
            assertThat(yoda.out().entries()).noneMatch(l -> l.endsWith("has been uploaded"));
        } finally {
            ClientLauncher.signal(hansProcess.process(), "CONT");
        }
        hans.type("UDP yoda reply.bin");

        await().atMost(ClientProcess.WAIT).untilAsserted(() -> {
            assertThat(yoda.out().entries()).contains("clip.bin has been uploaded", "slides.bin has been uploaded",
                    "Received reply.bin from hans");
            assertThat(hans.out().entries()).contains("Received clip.bin from yoda", "Received slides.bin from yoda",
                    "reply.bin has been uploaded");
        });
        assertThat(sha256(hansDownloads.resolve("yoda_clip.bin"))).isEqualTo(sha256(clip));
        assertThat(sha256(hansDownloads.resolve("yoda_slides.bin"))).isEqualTo(sha256(slides));
        assertThat(sha256(yodaDir.resolve("hans_reply.bin"))).isEqualTo(sha256(reply));
        assertThat(fileNames(hansDownloads)).containsExactly("yoda_clip.bin", "yoda_slides.bin");
    }

    /**
     * Refusals, then an audience that dies mid-transfer (paused first, so the upload cannot have
     * finished, then killed): each time the presenter is told why, and nothing exists under the final name.
     */
    @Test
    void refusedAndFailedUploadsSayWhyAndLeaveNothingUnderTheFinalName() throws IOException {
        ClientProcess yoda = yoda(freeUdpPort());
        ClientLauncher.Launched hansProcess = hans(freeUdpPort());
        ClientProcess hans = hansProcess.client();
        yoda.expect("hans logged in");
        randomFile(yodaDir.resolve("clip.bin"), 3 * MIB, 5L);

        yoda.type("UPD leia clip.bin").expect("leia is offline");
        yoda.type("UPD yoda clip.bin").expect("Error. Cannot upload a file to yourself");
        yoda.type("UPD hans missing.bin").expect("Error. missing.bin does not exist or cannot be read");
        yoda.type("UPD palpatine clip.bin").expect("Error. Invalid user");
        hans.type("block yoda").expect("yoda is blocked");
        yoda.type("UDP hans clip.bin").expect("Error. Cannot upload to hans as they have blocked you");
        hans.type("unblock yoda").expect("yoda is unblocked");
        // a server round trip of hans's comes after any upload notice the server could have sent it
        hans.type("whoelse").expect("yoda");
        assertThat(hans.out().entries()).noneMatch(l -> l.startsWith("Received"));
        assertThat(yoda.out().entries()).noneMatch(l -> l.startsWith("Uploading") || l.endsWith("has been uploaded"));
        assertThat(fileNames(hansDownloads)).isEmpty();

        ClientLauncher.signal(hansProcess.process(), "STOP");
        // the server authorises without the audience, so the bytes start flowing towards the paused hans
        yoda.type("UPD hans clip.bin").expect("Uploading clip.bin to hans (" + 3 * MIB + " bytes)");
        hans.kill();
        // the server saw hans's connection end and said so: no waiting for the transfer's idle timeout
        yoda.awaitLine(l -> l.startsWith("Error. Upload of clip.bin to hans failed: "), "the upload failure",
                ClientProcess.WAIT);
        assertThat(yoda.out().entries()).contains("Error. Upload of clip.bin to hans failed: hans lost the connection");
        assertThat(yoda.out().entries()).doesNotContain("clip.bin has been uploaded");
        assertThat(hansDownloads.resolve("yoda_clip.bin")).doesNotExist();
        yoda.type("whoelse").expect("no other active user");
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** {@code size} pseudo-random bytes from {@code seed} (reproducible if a comparison fails). */
    private static Path randomFile(Path file, int size, long seed) throws IOException {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return Files.write(file, bytes);
    }

    private static List<String> fileNames(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
