package org.parley.server.account;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.parley.protocol.Limits;
import org.parley.protocol.Validation;

/**
 * Parses credentials.txt (SPEC 2.1): {@code username password}, exactly one space between, each a word
 * of printable ASCII. Blank lines are skipped silently; every other bad line becomes a
 * {@link CredentialsProblem} with its 1-based number and the parse goes on.
 *
 * <p>Duplicate usernames: <b>the first line wins</b>, later ones are reported and ignored. The server
 * itself only ever appends lines for new users, so a duplicate is a manual edit or an injected line;
 * letting the first stand means nothing appended to the file can take over an existing account.
 *
 * <p>The password field is a hash only when it starts with the PHC prefix of a supported scheme
 * ({@link PhcHashes#looksLikeHash}); it must then be well formed, or the line is refused (never
 * downgraded to a clear password). Any other field, {@code $blasterpistol$} included, is a clear
 * password.
 */
public final class CredentialsParser {

    static final String EXPECTED_FORMAT = "expected 'username password'";
    static final String INVALID_USERNAME =
            "invalid username (1 to " + Limits.MAX_USERNAME_CHARS + " printable ASCII characters, no spaces)";
    static final String INVALID_PASSWORD =
            "invalid password (1 to " + Limits.MAX_PASSWORD_CHARS + " printable ASCII characters, no spaces)";
    static final String BAD_HASH = "malformed or unsupported password hash";
    /** Longer than any hash we accept (64-byte salt and hash in base64 is under 200 characters). */
    static final int MAX_HASH_CHARS = 512;

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private CredentialsParser() {}

    public static ParsedCredentials parse(Reader reader) throws IOException {
        BufferedReader lines = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        try {
            return parse(lines.lines().toList());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    public static ParsedCredentials parse(List<String> lines) {
        List<Credential> credentials = new ArrayList<>();
        List<CredentialsProblem> problems = new ArrayList<>();
        List<Credential> duplicates = new ArrayList<>();
        Map<String, Integer> firstLineOf = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNumber = i + 1;
            String line = lines.get(i);
            if (i == 0 && !line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK) {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                continue;
            }
            String problem = problemWith(line);
            if (problem != null) {
                problems.add(new CredentialsProblem(lineNumber, problem));
                continue;
            }
            int space = line.indexOf(' ');
            String username = line.substring(0, space);
            String secret = line.substring(space + 1);
            Integer first = firstLineOf.putIfAbsent(username, lineNumber);
            if (first != null) {
                problems.add(new CredentialsProblem(lineNumber,
                        "duplicate username '" + username + "' (first on line " + first + "), line ignored"));
                duplicates.add(new Credential(lineNumber, username, secret, PhcHashes.looksLikeHash(secret)));
                continue;
            }
            credentials.add(new Credential(lineNumber, username, secret, PhcHashes.looksLikeHash(secret)));
        }
        return new ParsedCredentials(credentials, problems, duplicates);
    }

    /** Why the line is refused, or null when it is a valid account line. */
    private static String problemWith(String line) {
        int space = line.indexOf(' ');
        if (space <= 0 || space == line.length() - 1 || line.indexOf(' ', space + 1) >= 0) {
            return EXPECTED_FORMAT;
        }
        String username = line.substring(0, space);
        String secret = line.substring(space + 1);
        if (!Validation.isValidUsername(username)) {
            return INVALID_USERNAME;
        }
        if (PhcHashes.looksLikeHash(secret)) {
            boolean ok = secret.length() <= MAX_HASH_CHARS && PhcHashes.isSupported(secret);
            return ok ? null : BAD_HASH;
        }
        return Validation.isValidPassword(secret) ? null : INVALID_PASSWORD;
    }
}
