package org.parley.server.account;

/** A credentials.txt line that was skipped, and why. The reason never quotes a password. */
public record CredentialsProblem(int lineNumber, String reason) {

    /** {@code line 7: expected 'username password'}. */
    @Override
    public String toString() {
        return "line " + lineNumber + ": " + reason;
    }
}
