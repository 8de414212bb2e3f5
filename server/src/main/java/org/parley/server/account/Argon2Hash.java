package org.parley.server.account;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * {@code $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>} (also argon2i and argon2d, and
 * the pre-1.3 form without {@code v=}, which means version 16), computed with BouncyCastle.
 */
record Argon2Hash(Argon2Type type, int version, HashCost cost, byte[] salt, byte[] hash) implements StoredHash {

    static final int VERSION_19 = Argon2Parameters.ARGON2_VERSION_13;
    static final int VERSION_16 = Argon2Parameters.ARGON2_VERSION_10;
    /** RFC 9106 allows 8-byte salts; the reference test vectors use them. */
    static final int MIN_SALT_BYTES = 8;
    static final int MIN_HASH_BYTES = 16;
    static final int MAX_SALT_OR_HASH_BYTES = 64;

    Argon2Hash {
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

    /** Derives a new hash of {@code length} bytes; used to create and to verify. */
    static byte[] compute(Argon2Type type, int version, HashCost cost, byte[] salt, char[] password, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(type.bouncyCastleType())
                .withVersion(version)
                .withSalt(salt)
                .withMemoryAsKB(cost.memoryKiB())
                .withIterations(cost.iterations())
                .withParallelism(cost.parallelism())
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] passwordBytes = PasswordBytes.utf8(password);
        try {
            byte[] out = new byte[length];
            generator.generateBytes(passwordBytes, out);
            return out;
        } finally {
            Arrays.fill(passwordBytes, (byte) 0);
        }
    }

    @Override
    public boolean matches(char[] password) {
        byte[] candidate = compute(type, version, cost, salt, password, hash.length);
        try {
            return MessageDigest.isEqual(candidate, hash);
        } finally {
            Arrays.fill(candidate, (byte) 0);
        }
    }

    @Override
    public String toPhc() {
        String versionField = version == VERSION_16 ? "" : "$v=" + version;
        return "$" + type.scheme() + versionField + "$m=" + cost.memoryKiB() + ",t=" + cost.iterations()
                + ",p=" + cost.parallelism() + "$" + PhcBase64.encode(salt) + "$" + PhcBase64.encode(hash);
    }

    /** {@code fields} is the PHC string split on {@code $}; fields[0] is empty, fields[1] the scheme. */
    static Optional<Argon2Hash> parse(Argon2Type type, String[] fields) {
        int next = 2;
        int version = VERSION_16;
        if (fields.length == 6) {
            if (fields[2].equals("v=19")) {
                version = VERSION_19;
            } else if (!fields[2].equals("v=16")) {
                return Optional.empty();
            }
            next = 3;
        } else if (fields.length != 5) {
            return Optional.empty();
        }
        Optional<HashCost> cost = parseCost(fields[next]);
        Optional<byte[]> salt = PhcBase64.decode(fields[next + 1]);
        Optional<byte[]> hash = PhcBase64.decode(fields[next + 2]);
        if (cost.isEmpty() || salt.isEmpty() || hash.isEmpty()
                || !within(salt.get().length, MIN_SALT_BYTES) || !within(hash.get().length, MIN_HASH_BYTES)) {
            return Optional.empty();
        }
        return Optional.of(new Argon2Hash(type, version, cost.get(), salt.get(), hash.get()));
    }

    private static boolean within(int length, int min) {
        return length >= min && length <= MAX_SALT_OR_HASH_BYTES;
    }

    /** Exactly {@code m=..,t=..,p=..} in that order, as the reference implementation writes it. */
    private static Optional<HashCost> parseCost(String field) {
        String[] parts = field.split(",", -1);
        if (parts.length != 3 || !parts[0].startsWith("m=") || !parts[1].startsWith("t=") || !parts[2].startsWith("p=")) {
            return Optional.empty();
        }
        Optional<Integer> m = StoredHash.decimal(parts[0].substring(2));
        Optional<Integer> t = StoredHash.decimal(parts[1].substring(2));
        Optional<Integer> p = StoredHash.decimal(parts[2].substring(2));
        if (m.isEmpty() || t.isEmpty() || p.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new HashCost(m.get(), t.get(), p.get()));
        } catch (IllegalArgumentException outOfBounds) {
            return Optional.empty();
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Argon2Hash that && type == that.type && version == that.version
                && cost.equals(that.cost) && Arrays.equals(salt, that.salt) && Arrays.equals(hash, that.hash);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * type.hashCode() + cost.hashCode()) + Arrays.hashCode(salt);
    }

    @Override
    public String toString() {
        return "Argon2Hash[" + type.scheme() + " v=" + version + " " + cost + "]";
    }
}
