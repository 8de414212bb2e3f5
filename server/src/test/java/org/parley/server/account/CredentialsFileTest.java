package org.parley.server.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        assertThat(parsed.credentials()).hasSizeBetween(8, 10).noneMatch(Credential::hashed);
        assertThat(parsed.credentials()).contains(new Credential(1, "hans", "falcon*solo", false));
        assertThat(Files.readString(example, StandardCharsets.US_ASCII)).endsWith("\n");
    }
}
