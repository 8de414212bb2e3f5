package org.parley.server.account;

/**
 * Tells a password hash from a clear password in a credentials field. A field is taken as a hash when
 * it has the PHC shape {@code $<scheme>$...} with a scheme of lower-case letters, digits and hyphens;
 * so a clear password such as {@code $ecret} stays clear, but one such as {@code $abc$def} is read as
 * a (malformed) hash and refused rather than silently becoming a password equal to a hash string.
 */
public final class PhcHashes {

    private static final int MAX_SCHEME_CHARS = 32;

    private PhcHashes() {}

    /** The field has the PHC shape; says nothing about whether it is well formed or supported. */
    public static boolean looksLikeHash(String field) {
        if (field == null || field.length() < 3 || field.charAt(0) != '$') {
            return false;
        }
        int end = field.indexOf('$', 1);
        if (end < 2 || end - 1 > MAX_SCHEME_CHARS) {
            return false;
        }
        for (int i = 1; i < end; i++) {
            char c = field.charAt(i);
            boolean schemeChar = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
            if (!schemeChar) {
                return false;
            }
        }
        return true;
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
