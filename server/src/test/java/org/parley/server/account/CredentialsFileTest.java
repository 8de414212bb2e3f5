package org.parley.server.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsFileTest {

    private static final String HASH =
            "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4";

    @TempDir
    Path dir;

    @Test
    void missingFileReadsAsEmpty() throws IOException {
        ParsedCredentials parsed = new CredentialsFile(dir.resolve("credentials.txt")).read();

        assertThat(parsed.credentials()).isEmpty();
        assertThat(parsed.problems()).isEmpty();
    }

    @Test
    void readsAccountsAndReportsBadLinesByNumber() throws IOException {
        Path path = dir.resolve("credentials.txt");
        Files.writeString(path, "hans falcon*solo\n\nbroken\nyoda wise@!man\n");

        ParsedCredentials parsed = new CredentialsFile(path).read();

        assertThat(parsed.credentials()).extracting(Credential::username).containsExactly("hans", "yoda");
        assertThat(parsed.problems()).extracting(Object::toString)
                .containsExactly("line 3: expected 'username password'");
    }

    @Test
    void bytesThatAreNotUtf8MakeOneBadLineNotAFailedRead() throws IOException {
        Path path = dir.resolve("credentials.txt");
        Files.write(path, new byte[] {'h', (byte) 0xff, ' ', 'p', 'w', '\n', 'y', 'o', 'd', 'a', ' ', 'p', 'w', '\n'});

        ParsedCredentials parsed = new CredentialsFile(path).read();

        assertThat(parsed.credentials()).extracting(Credential::username).containsExactly("yoda");
        assertThat(parsed.problems()).containsExactly(new CredentialsProblem(1, CredentialsParser.INVALID_USERNAME));
    }

    @Test
    void appendCreatesTheFileAndTheLineReadsBackAsAHash() throws IOException {
        Path path = dir.resolve("credentials.txt");
        CredentialsFile file = new CredentialsFile(path);

        file.append("luke", HASH);

        assertThat(Files.readString(path)).isEqualTo("luke " + HASH + "\n");
        assertThat(file.read().credentials()).containsExactly(new Credential(1, "luke", HASH, true));
    }

    @Test
    void appendStartsANewLineWhenTheFileDoesNotEndWithOne() throws IOException {
        Path path = dir.resolve("credentials.txt");
        Files.writeString(path, "hans falcon*solo");
        CredentialsFile file = new CredentialsFile(path);

        file.append("luke", HASH);
        file.append("leia", HASH);

        assertThat(Files.readString(path)).isEqualTo("hans falcon*solo\nluke " + HASH + "\nleia " + HASH + "\n");
        ParsedCredentials parsed = file.read();
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.credentials()).extracting(Credential::username).containsExactly("hans", "luke", "leia");
    }

    @Test
    void appendKeepsCrLfFilesIntact() throws IOException {
        Path path = dir.resolve("credentials.txt");
        Files.writeString(path, "hans falcon*solo\r\n");

        new CredentialsFile(path).append("luke", HASH);

        assertThat(Files.readString(path)).isEqualTo("hans falcon*solo\r\nluke " + HASH + "\n");
    }

    @Test
    void appendRefusesClearPasswordsAndBadUsernames() throws IOException {
        Path path = dir.resolve("credentials.txt");
        CredentialsFile file = new CredentialsFile(path);

        assertThatThrownBy(() -> file.append("luke", "light$aber")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("light$aber");
        assertThatThrownBy(() -> file.append("luke", "$argon2id$bogus")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> file.append("luke", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> file.append("lu ke", HASH)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> file.append("luke\nvader", HASH)).isInstanceOf(IllegalArgumentException.class);
        assertThat(path).doesNotExist();
    }

    @Test
    void exampleCredentialsFileAtTheRepositoryRootIsClean() throws IOException {
        Path example = Path.of("..", "credentials.txt");
        assertThat(example).exists();

        ParsedCredentials parsed = new CredentialsFile(example).read();

        assertThat(parsed.problems()).isEmpty();
        // clear as committed; hashed in place once a server has been started in the repository root
        assertThat(parsed.credentials()).hasSizeBetween(8, 10);
        assertThat(parsed.credentials().get(0).username()).isEqualTo("hans");
        assertThat(Files.readString(example, StandardCharsets.US_ASCII)).endsWith("\n");
    }

    @Test
    void replacingClearPasswordsChangesOnlyThoseFieldsAndKeepsEveryOtherByte() throws IOException {
        Path path = dir.resolve("credentials.txt");
        byte[] original = ("\uFEFFhans falcon*solo\r\n\nbroken line here\nvader " + HASH + "\r\nh\u00e4ns pw\nyoda wise@!man")
                .getBytes(StandardCharsets.UTF_8);
        Files.write(path, original);
        CredentialsFile file = new CredentialsFile(path);

        file.replaceClearPasswords(List.of(new CredentialsFile.HashedLine(1, "hans", HASH),
                new CredentialsFile.HashedLine(6, "yoda", HASH)));

        assertThat(Files.readString(path)).isEqualTo("\uFEFFhans " + HASH + "\r\n\nbroken line here\nvader " + HASH
                + "\r\nh\u00e4ns pw\nyoda " + HASH);
        assertThat(file.read().credentials()).allMatch(Credential::hashed).extracting(Credential::username)
                .containsExactly("hans", "vader", "yoda");
    }

    @Test
    void theRewrittenFileIsOwnerOnlyAndNoTemporaryFileIsLeft() throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path path = Files.writeString(dir.resolve("credentials.txt"), "hans falcon*solo\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));

        new CredentialsFile(path).replaceClearPasswords(List.of(new CredentialsFile.HashedLine(1, "hans", HASH)));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(path);
        }
    }

    @Test
    void aSymbolicLinkIsFollowedAndTheFileItNamesIsRewritten() throws IOException {
        Path real = Files.writeString(dir.resolve("accounts.txt"), "hans falcon*solo\n");
        Path link = Files.createSymbolicLink(dir.resolve("credentials.txt"), real.getFileName());

        new CredentialsFile(link).replaceClearPasswords(List.of(new CredentialsFile.HashedLine(1, "hans", HASH)));

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(real).hasContent("hans " + HASH);
    }

    @Test
    void aLineThatChangedSinceItWasReadStopsTheRewriteAndLeavesTheFileAlone() throws IOException {
        Path path = Files.writeString(dir.resolve("credentials.txt"), "hans falcon*solo\nyoda " + HASH + "\n");
        CredentialsFile file = new CredentialsFile(path);

        assertThatThrownBy(() -> file.replaceClearPasswords(List.of(new CredentialsFile.HashedLine(2, "yoda", HASH))))
                .isInstanceOf(IOException.class).hasMessageContaining("line 2");
        assertThatThrownBy(() -> file.replaceClearPasswords(List.of(new CredentialsFile.HashedLine(1, "leia", HASH))))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> file.replaceClearPasswords(List.of(new CredentialsFile.HashedLine(9, "leia", HASH))))
                .isInstanceOf(IOException.class);
        assertThat(path).hasContent("hans falcon*solo\nyoda " + HASH);
    }

    @Test
    void aClearPasswordIsNeverWrittenAsAReplacement() throws IOException {
        Path path = Files.writeString(dir.resolve("credentials.txt"), "hans falcon*solo\n");

        assertThatThrownBy(() -> new CredentialsFile(path).replaceClearPasswords(
                List.of(new CredentialsFile.HashedLine(1, "hans", "chewie"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("chewie");
        assertThat(path).hasContent("hans falcon*solo");
    }

    @Test
    void aFileItsOwnerMayNotWriteIsNotRewritable() throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path path = Files.writeString(dir.resolve("credentials.txt"), "hans falcon*solo\n");
        CredentialsFile file = new CredentialsFile(path);
        assertThat(file.whyNotRewritable()).isEmpty();

        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("r--r-----"));

        assertThat(file.whyNotRewritable()).get().asString().contains("read-only");
    }

    @Test
    void appendCreatesAMissingFileOwnerOnly() throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path path = dir.resolve("credentials.txt");

        new CredentialsFile(path).append("luke", HASH);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
    }
}
