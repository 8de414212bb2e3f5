package org.parley.server.account;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 from the JDK, accepted for import only (we never create it). Parameter field in
 * any of three spellings: {@code i=<iterations>} (PHC), {@code i=<iterations>,l=<hash bytes>} (Rust
 * pbkdf2 crate) or a bare number (passlib). Salt and hash in standard or passlib-adapted base64.
 */
record Pbkdf2Sha256Hash(int iterations, byte[] salt, byte[] hash) implements StoredHash {

    static final String SCHEME = "pbkdf2-sha256";
    /** Ten times OWASP's current 600 000: generous, yet one login cannot take minutes. */
    static final int MAX_ITERATIONS = 10_000_000;
    static final int MIN_HASH_BYTES = 16;
    static final int MAX_SALT_OR_HASH_BYTES = 64;

    Pbkdf2Sha256Hash {
        salt = salt.clone();
        hash = hash.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    static byte[] derive(char[] password, byte[] salt, int iterations, int length) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, length * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable or refused its input", e);
        } finally {
            spec.clearPassword();
        }
    }

    @Override
    public boolean matches(char[] password) {
        byte[] candidate = derive(password, salt, iterations, hash.length);
        try {
            return MessageDigest.isEqual(candidate, hash);
        } finally {
            Arrays.fill(candidate, (byte) 0);
        }
    }

    @Override
    public String toPhc() {
        return "$" + SCHEME + "$i=" + iterations + "$" + PhcBase64.encode(salt) + "$" + PhcBase64.encode(hash);
    }

    static Optional<Pbkdf2Sha256Hash> parse(String[] fields) {
        if (fields.length != 5) {
            return Optional.empty();
        }
        Optional<byte[]> salt = PhcBase64.decodeAdapted(fields[3]);
        Optional<byte[]> hash = PhcBase64.decodeAdapted(fields[4]);
        if (salt.isEmpty() || hash.isEmpty() || salt.get().length > MAX_SALT_OR_HASH_BYTES
                || hash.get().length < MIN_HASH_BYTES || hash.get().length > MAX_SALT_OR_HASH_BYTES) {
            return Optional.empty();
        }
        return parseIterations(fields[2], hash.get().length)
                .map(iterations -> new Pbkdf2Sha256Hash(iterations, salt.get(), hash.get()));
    }

    private static Optional<Integer> parseIterations(String field, int hashLength) {
        Optional<Integer> iterations;
        if (field.startsWith("i=")) {
            String[] parts = field.substring(2).split(",", -1);
            iterations = StoredHash.decimal(parts[0]);
            if (parts.length == 2) {
                boolean lengthAgrees = parts[1].startsWith("l=")
                        && StoredHash.decimal(parts[1].substring(2)).filter(l -> l == hashLength).isPresent();
                iterations = lengthAgrees ? iterations : Optional.empty();
            } else if (parts.length != 1) {
                iterations = Optional.empty();
            }
        } else {
            iterations = StoredHash.decimal(field);
        }
        return iterations.filter(i -> i >= 1 && i <= MAX_ITERATIONS);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Pbkdf2Sha256Hash that && iterations == that.iterations
                && Arrays.equals(salt, that.salt) && Arrays.equals(hash, that.hash);
    }

    @Override
    public int hashCode() {
        return 31 * iterations + Arrays.hashCode(salt);
    }

    @Override
    public String toString() {
        return "Pbkdf2Sha256Hash[i=" + iterations + "]";
    }
}
