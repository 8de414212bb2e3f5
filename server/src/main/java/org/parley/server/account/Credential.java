package org.parley.server.account;

import java.util.Objects;

/**
 * One account line of credentials.txt. {@code secret} is a clear password when {@code hashed} is false
 * (the caller hashes it at once) or a supported PHC string when true. {@link #toString} never shows it.
 */
public record Credential(int lineNumber, String username, String secret, boolean hashed) {

    public Credential {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "Credential[line " + lineNumber + ", " + username + (hashed ? ", hashed" : ", clear") + "]";
    }
}
