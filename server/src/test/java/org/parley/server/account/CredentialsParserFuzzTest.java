package org.parley.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.parley.protocol.Limits;
import org.parley.protocol.Validation;

/**
 * Fuzzes {@link CredentialsParser} on credentials.txt bytes, decoded the way {@link CredentialsFile}
 * decodes them (bad UTF-8 becomes U+FFFD). Seeds: {@code CredentialsParserFuzzTestInputs/parse};
 * docs/FUZZING.md.
 */
class CredentialsParserFuzzTest {

    /**
     * Properties: never throws; every non-blank line is accounted for exactly once, as an account or as
     * a problem naming that line; accounts keep file order, have unique valid usernames, and a secret
     * that is one word of printable ASCII within the limits (a hash up to the hash limit, a clear
     * password up to the password limit).
     */
    @FuzzTest(maxDuration = "10s")
    void parse(byte[] input) throws IOException {
        ParsedCredentials parsed = CredentialsParser.parse(new InputStreamReader(new ByteArrayInputStream(input),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)));
        List<String> lines = new BufferedReader(new StringReader(decoded(input))).lines().toList();

        Set<Integer> accounted = new HashSet<>();
        Set<String> names = new HashSet<>();
        int previous = 0;
        for (Credential c : parsed.credentials()) {
            assertThat(accounted.add(c.lineNumber())).isTrue();
            assertThat(c.lineNumber()).isGreaterThan(previous);
            previous = c.lineNumber();
            assertThat(names.add(c.username())).as("unique %s", c.username()).isTrue();
            assertThat(Validation.isValidUsername(c.username())).isTrue();
            assertThat(c.secret()).matches("[\\x21-\\x7e]+");
            assertThat(c.secret().length()).isLessThanOrEqualTo(
                    c.hashed() ? CredentialsParser.MAX_HASH_CHARS : Limits.MAX_PASSWORD_CHARS);
            String line = stripBom(lines.get(c.lineNumber() - 1), c.lineNumber());
            assertThat(line).isEqualTo(c.username() + " " + c.secret());
        }
        for (CredentialsProblem p : parsed.problems()) {
            assertThat(accounted.add(p.lineNumber())).as("line %d reported once", p.lineNumber()).isTrue();
            assertThat(p.reason()).isNotBlank();
        }
        for (int i = 0; i < lines.size(); i++) {
            boolean blank = stripBom(lines.get(i), i + 1).isBlank();
            assertThat(accounted.contains(i + 1)).as("line %d accounted for", i + 1).isEqualTo(!blank);
        }
    }

    private static String decoded(byte[] input) {
        return new String(input, StandardCharsets.UTF_8); // also replaces malformed input with U+FFFD
    }

    private static String stripBom(String line, int number) {
        return number == 1 && line.startsWith("\uFEFF") ? line.substring(1) : line;
    }
}
