package org.parley.server.account;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The accounts read from credentials.txt in file order, the lines that were skipped, and among those the
 * well-formed lines ignored because their username came earlier ({@code duplicates}: their secrets are
 * not any account's password, but a clear one is still a password in the file).
 */
public record ParsedCredentials(List<Credential> credentials, List<CredentialsProblem> problems,
        List<Credential> duplicates) {

    public ParsedCredentials {
        credentials = List.copyOf(credentials);
        problems = List.copyOf(problems);
        duplicates = List.copyOf(duplicates);
    }

    public ParsedCredentials(List<Credential> credentials, List<CredentialsProblem> problems) {
        this(credentials, problems, List.of());
    }

    public static ParsedCredentials empty() {
        return new ParsedCredentials(List.of(), List.of());
    }

    /** Every line whose password is in clear, duplicates included, in file order. */
    public List<Credential> clear() {
        return Stream.concat(credentials.stream(), duplicates.stream())
                .filter(c -> !c.hashed())
                .sorted(Comparator.comparingInt(Credential::lineNumber))
                .toList();
    }
}
