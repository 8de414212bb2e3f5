package org.parley.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialsParserTest {

    private static final String ARGON2ID =
            "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4";

    @Test
    void readsCoursewareStyleLinesAsClearPasswords() {
        ParsedCredentials parsed = CredentialsParser.parse(List.of("hans falcon*solo", "yoda wise@!man"));

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.credentials()).containsExactly(
                new Credential(1, "hans", "falcon*solo", false),
                new Credential(2, "yoda", "wise@!man", false));
    }

    @Test
    void readsPhcHashesAsHashes() {
        ParsedCredentials parsed = CredentialsParser.parse(List.of("vader " + ARGON2ID));

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.credentials()).containsExactly(new Credential(1, "vader", ARGON2ID, true));
    }

    @Test
    void clearPasswordStartingWithDollarStaysClear() {
        ParsedCredentials parsed = CredentialsParser.parse(List.of("r2d2 $ecret"));

        assertThat(parsed.credentials()).containsExactly(new Credential(1, "r2d2", "$ecret", false));
    }

    @Test
    void clearPasswordShapedLikeAHashOfAnUnsupportedSchemeStaysClear() {
        ParsedCredentials parsed = CredentialsParser.parse(List.of("leia $blasterpistol$", "lando $2b$12$xyz",
                "han $x$y$z"));

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.credentials()).containsExactly(
                new Credential(1, "leia", "$blasterpistol$", false),
                new Credential(2, "lando", "$2b$12$xyz", false),
                new Credential(3, "han", "$x$y$z", false));
    }

    @Test
    void blankLinesAreSkippedSilentlyButStillCounted() {
        ParsedCredentials parsed = CredentialsParser.parse(List.of("", "hans falcon*solo", "   ", "\t", "yoda"));

        assertThat(parsed.credentials()).extracting(Credential::username).containsExactly("hans");
        assertThat(parsed.problems()).containsExactly(
                new CredentialsProblem(5, CredentialsParser.EXPECTED_FORMAT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hans", "hans  falcon*solo", " hans falcon*solo", "hans falcon*solo ", "hans\tfalcon*solo",
        "hans falcon solo", "hans "})
    void lineWithoutExactlyOneSpaceBetweenTwoWordsIsRefused(String line) {
        ParsedCredentials parsed = CredentialsParser.parse(List.of("yoda wise@!man", line));

        assertThat(parsed.credentials()).extracting(Credential::username).containsExactly("yoda");
        assertThat(parsed.problems()).containsExactly(new CredentialsProblem(2, "expected 'username password'"));
        assertThat(parsed.problems().get(0)).hasToString("line 2: expected 'username password'");
    }

    @Test
    void invalidUsernameIsRefused() {
        String tooLong = "u".repeat(33);
        ParsedCredentials parsed = CredentialsParser.parse(List.of(tooLong + " pw", "h\u00e4ns pw", "ha\u0007ns pw",
                "u".repeat(32) + " pw"));

        assertThat(parsed.problems()).extracting(CredentialsProblem::lineNumber).containsExactly(1, 2, 3);
        assertThat(parsed.problems()).extracting(CredentialsProblem::reason)
                .containsOnly(CredentialsParser.INVALID_USERNAME);
        assertThat(parsed.credentials()).extracting(Credential::lineNumber).containsExactly(4);
    }

    @Test
    void invalidClearPasswordIsRefusedWithoutQuotingIt() {
        ParsedCredentials parsed = CredentialsParser.parse(List.of("hans p\u00e4ss", "yoda " + "x".repeat(129)));

        assertThat(parsed.problems()).containsExactly(
                new CredentialsProblem(1, CredentialsParser.INVALID_PASSWORD),
                new CredentialsProblem(2, CredentialsParser.INVALID_PASSWORD));
        assertThat(parsed.problems().toString()).doesNotContain("p\u00e4ss");
    }

    @Test
    void malformedOrUnsupportedHashIsRefusedNotTakenAsAClearPassword() {
        ParsedCredentials parsed = CredentialsParser.parse(List.of(
                "hans $argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ",
                "yoda $pbkdf2-sha256$i=0$c29tZXNhbHQ$c29tZXNhbHQ",
                "leia $argon2id$v=19$m=256,t=2,p=1$" + "A".repeat(600)));

        assertThat(parsed.credentials()).isEmpty();
        assertThat(parsed.problems()).extracting(CredentialsProblem::reason).containsOnly(CredentialsParser.BAD_HASH);
        assertThat(parsed.problems()).extracting(CredentialsProblem::lineNumber).containsExactly(1, 2, 3);
    }

    @Test
    void firstLineWinsForDuplicateUsernamesAndLaterOnesAreReported() {
        ParsedCredentials parsed = CredentialsParser.parse(List.of("hans falcon*solo", "yoda wise@!man",
                "hans takeover", "Hans other"));

        assertThat(parsed.credentials()).containsExactly(
                new Credential(1, "hans", "falcon*solo", false),
                new Credential(2, "yoda", "wise@!man", false),
                new Credential(4, "Hans", "other", false));
        assertThat(parsed.problems()).containsExactly(new CredentialsProblem(3,
                "duplicate username 'hans' (first on line 1), line ignored"));
    }

    @Test
    void invalidLineDoesNotClaimItsUsername() {
        ParsedCredentials parsed = CredentialsParser.parse(List.of("hans bad pw", "hans falcon*solo"));

        assertThat(parsed.credentials()).containsExactly(new Credential(2, "hans", "falcon*solo", false));
    }

    @Test
    void readerHandlesCrLfAndAByteOrderMark() throws IOException {
        ParsedCredentials parsed = CredentialsParser.parse(new StringReader("\uFEFFhans falcon*solo\r\nyoda wise@!man\r\n"));

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.credentials()).containsExactly(
                new Credential(1, "hans", "falcon*solo", false),
                new Credential(2, "yoda", "wise@!man", false));
    }

    @Test
    void credentialToStringNeverShowsTheSecret() {
        assertThat(new Credential(3, "hans", "falcon*solo", false).toString())
                .contains("hans").contains("3").doesNotContain("falcon");
    }
}
