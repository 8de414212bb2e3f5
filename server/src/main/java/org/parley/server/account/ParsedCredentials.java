package org.parley.server.account;

import java.util.List;

/** The accounts read from credentials.txt in file order, and the lines that were skipped. */
public record ParsedCredentials(List<Credential> credentials, List<CredentialsProblem> problems) {

    public ParsedCredentials {
        credentials = List.copyOf(credentials);
        problems = List.copyOf(problems);
    }

    public static ParsedCredentials empty() {
        return new ParsedCredentials(List.of(), List.of());
    }
}
