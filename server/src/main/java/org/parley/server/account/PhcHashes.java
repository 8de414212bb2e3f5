package org.parley.server.account;

import java.util.List;
import java.util.stream.Stream;

/**
 * Tells a password hash from a clear password in a credentials field. A field is a hash only when it
 * starts with the PHC prefix of a scheme this server supports ({@code $argon2id$}, {@code $argon2i$},
 * {@code $argon2d$}, {@code $pbkdf2-sha256$}); every other field is a clear password, whatever it looks
 * like. So {@code $blasterpistol$} or {@code $2b$12$...} are clear passwords (and work as such), while
 * a malformed {@code $argon2id$...} is refused rather than silently becoming a password equal to a
 * hash string.
 */
public final class PhcHashes {

    /** {@code $scheme$} of every scheme {@link StoredHash#parse} can read. */
    private static final List<String> PREFIXES = Stream.concat(
                    Stream.of(Argon2Type.values()).map(Argon2Type::scheme), Stream.of(Pbkdf2Sha256Hash.SCHEME))
            .map(scheme -> "$" + scheme + "$")
            .toList();

    private PhcHashes() {}

    /**
     * The field starts with the prefix of a supported scheme, so it is meant as a hash; says nothing
     * about whether it is well formed.
     */
    public static boolean looksLikeHash(String field) {
        if (field == null) {
            return false;
        }
        for (String prefix : PREFIXES) {
            if (field.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A well-formed hash of a supported scheme ({@code argon2id}, {@code argon2i}, {@code argon2d},
     * {@code pbkdf2-sha256}) with parameters inside the accepted bounds: one that
     * {@link PasswordHasher#verify} can actually check.
     */
    public static boolean isSupported(String phc) {
        return StoredHash.parse(phc).isPresent();
    }
}
