package org.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.protocol.Response;
import org.parley.server.account.HashCost;
import org.parley.server.account.PhcPasswordHasher;
import org.parley.server.core.TestConnection;
import org.parley.server.core.TestServer;

/** credentials.txt at start: clear passwords are imported as hashes and then leave the file. */
class CredentialsImportTest {

    @TempDir
    Path dir;

    private Path credentials() {
        return dir.resolve("credentials.txt");
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    @Test
    void clearPasswordsAreReplacedByTheirHashesInPlaceAndStillLogIn() throws Exception {
        Files.writeString(credentials(), "alice alicepw\nnot a valid line\n\nbob bobpw\n", StandardCharsets.UTF_8);

        try (TestServer server = TestServer.start(dir)) {
            List<String> lines = Files.readAllLines(credentials());
            assertThat(lines).hasSize(4);
            assertThat(lines.get(0)).matches("alice \\$argon2id\\$\\S+");
            assertThat(lines.get(1)).isEqualTo("not a valid line");
            assertThat(lines.get(2)).isEmpty();
            assertThat(lines.get(3)).matches("bob \\$argon2id\\$\\S+");
            assertThat(String.join("\n", lines)).doesNotContain("alicepw").doesNotContain("bobpw");
            // the hash in the file is the account's: the clear password logs in
            assertThat(new PhcPasswordHasher(HashCost.testing()).verify("alicepw".toCharArray(),
                    lines.get(0).substring("alice ".length()))).isTrue();
            TestConnection alice = server.connect();
            assertThat(alice.login("alice", "alicepw")).isInstanceOf(Response.LoggedIn.class);
        }
    }

    @Test
    void theRewrittenFileIsOwnerOnly() throws Exception {
        assumeTrue(posix(dir), "POSIX permissions");
        Files.writeString(credentials(), "alice alicepw\n");
        Files.setPosixFilePermissions(credentials(), PosixFilePermissions.fromString("rw-r--r--"));

        try (TestServer server = TestServer.start(dir)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials()))).isEqualTo("rw-------");
        }
    }

    @Test
    void aRestartFindsHashesAndLeavesTheFileAsItIs() throws Exception {
        Files.writeString(credentials(), "alice alicepw\nbob bobpw\n");
        try (TestServer server = TestServer.start(dir)) {
            byte[] afterFirst = Files.readAllBytes(credentials());

            server.restart();

            assertThat(Files.readAllBytes(credentials())).isEqualTo(afterFirst);
        }
    }

    @Test
    void aClearPasswordOnADuplicateLineIsHashedToo() throws Exception {
        Files.writeString(credentials(), "alice alicepw\nalice secondpw\n");

        try (TestServer server = TestServer.start(dir)) {
            assertThat(Files.readString(credentials())).doesNotContain("secondpw").doesNotContain("alicepw");
            // the first line still wins
            assertThat(server.connect().login("alice", "alicepw")).isInstanceOf(Response.LoggedIn.class);
        }
    }

    @Test
    void theRewriteIsAnnouncedOnceWithTheLinesButNeverThePasswords() throws Exception {
        Files.writeString(credentials(), "alice alicepw\nbob bobpw\n");

        try (LogCapture logs = new LogCapture(); TestServer server = TestServer.start(dir)) {
            assertThat(logs.at(Level.WARN)).extracting(LogCapture::describe)
                    .filteredOn(line -> line.contains("clear-text password")).singleElement().asString()
                    .contains("replaced 2 clear-text passwords").contains("lines 1, 2")
                    .doesNotContain("alicepw").doesNotContain("bobpw");
        }
    }

    @Test
    void aReadOnlyFileWithClearPasswordsStopsTheStartAndIsLeftUntouched() throws Exception {
        assumeTrue(posix(dir), "POSIX permissions");
        Files.writeString(credentials(), "alice alicepw\nbob " + hash("bobpw") + "\n");
        Files.setPosixFilePermissions(credentials(), PosixFilePermissions.fromString("r--------"));
        byte[] before = Files.readAllBytes(credentials());

        assertThatThrownBy(() -> TestServer.start(dir)).isInstanceOf(CredentialsImport.ClearPasswordsStayException.class)
                .hasMessageContaining("clear-text passwords (line 1)").hasMessageContaining("read-only")
                .hasMessageNotContaining("alicepw");
        assertThat(Files.readAllBytes(credentials())).isEqualTo(before);
    }

    @Test
    void aReadOnlyFileOfHashesStartsTheServer() throws Exception {
        assumeTrue(posix(dir), "POSIX permissions");
        Files.writeString(credentials(), "alice " + hash("alicepw") + "\n");
        Files.setPosixFilePermissions(credentials(), PosixFilePermissions.fromString("r--------"));

        try (LogCapture logs = new LogCapture(); TestServer server = TestServer.start(dir)) {
            assertThat(server.connect().login("alice", "alicepw")).isInstanceOf(Response.LoggedIn.class);
            assertThat(logs.at(Level.WARN)).extracting(LogCapture::describe)
                    .anyMatch(line -> line.contains("every registration will fail"));
        }
    }

    private static String hash(String password) {
        return new PhcPasswordHasher(HashCost.testing()).hash(password.toCharArray());
    }
}
