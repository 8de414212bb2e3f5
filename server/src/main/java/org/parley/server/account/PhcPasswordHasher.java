package org.parley.server.account;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates argon2id (version 19) hashes at one configured {@link HashCost} with a 16-byte random salt
 * and a 32-byte hash, and verifies every scheme {@link PhcHashes#isSupported} accepts, so hashes
 * imported from elsewhere keep working and are upgraded through {@link #needsRehash}. Stateless apart
 * from the random source, hence safe to share between threads.
 */
public final class PhcPasswordHasher implements PasswordHasher {

    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;

    private static final Logger LOG = LoggerFactory.getLogger(PhcPasswordHasher.class);

    private final HashCost cost;
    private final SecureRandom random;

    public PhcPasswordHasher(HashCost cost) {
        this(cost, new SecureRandom());
    }

    public PhcPasswordHasher(HashCost cost, SecureRandom random) {
        this.cost = Objects.requireNonNull(cost, "cost");
        this.random = Objects.requireNonNull(random, "random");
    }

    public HashCost cost() {
        return cost;
    }

    @Override
    public String hash(char[] password) {
        Objects.requireNonNull(password, "password");
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = Argon2Hash.compute(Argon2Type.ARGON2ID, Argon2Hash.VERSION_19, cost, salt, password, HASH_BYTES);
        return new Argon2Hash(Argon2Type.ARGON2ID, Argon2Hash.VERSION_19, cost, salt, hash).toPhc();
    }

    @Override
    public boolean verify(char[] password, String phc) {
        if (password == null) {
            return false;
        }
        Optional<StoredHash> stored = StoredHash.parse(phc);
        if (stored.isEmpty()) {
            return false;
        }
        try {
            return stored.get().matches(password);
        } catch (RuntimeException e) {
            // Parsing bounds every parameter, so this is a library refusal, not bad input; never let it
            // reach a login. The stored string's shape only, never the password.
            LOG.warn("Could not check a password against a {} hash", stored.get(), e);
            return false;
        }
    }

    @Override
    public boolean needsRehash(String phc) {
        Optional<StoredHash> stored = StoredHash.parse(phc);
        if (stored.isEmpty() || !(stored.get() instanceof Argon2Hash argon2)) {
            return true;
        }
        return argon2.type() != Argon2Type.ARGON2ID
                || argon2.version() != Argon2Hash.VERSION_19
                || !argon2.cost().equals(cost)
                || argon2.salt().length < SALT_BYTES
                || argon2.hash().length < HASH_BYTES;
    }
}
