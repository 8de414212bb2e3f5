package org.parley.server.account;

/**
 * Salted slow password hashes as PHC strings. Implementations never wipe or keep the caller's
 * {@code char[]}; {@link HashingService} is the layer that wipes.
 */
public interface PasswordHasher {

    /** A new PHC string for this password with a fresh random salt at the configured cost. */
    String hash(char[] password);

    /**
     * Whether the password matches the stored PHC string. False, never an exception, when the string
     * is malformed, of an unsupported scheme, or has parameters outside the accepted bounds.
     */
    boolean verify(char[] password, String phc);

    /**
     * Whether the stored string should be replaced by a fresh {@link #hash} after the next successful
     * login: another scheme or version, another cost than the configured one, short salt or hash, or
     * a string that cannot be parsed at all.
     */
    boolean needsRehash(String phc);
}
