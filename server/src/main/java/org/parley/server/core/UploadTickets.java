package org.parley.server.core;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Transfer ids, unguessable one-time tokens and per-transfer keys for upload authorisations. Thread-safe
 * ({@link SecureRandom} is).
 */
final class UploadTickets {

    private final SecureRandom random = new SecureRandom();

    /** 128 random bits, URL-safe base64 without padding. */
    String token() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * A fresh 256-bit AES key for one transfer, URL-safe base64 without padding (43 characters). It
     * reaches the two ends only over their chat links and is never stored or logged.
     */
    String key() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A positive 63-bit id, unique in practice. */
    long transferId() {
        long id;
        do {
            id = random.nextLong() & Long.MAX_VALUE;
        } while (id == 0);
        return id;
    }
}
