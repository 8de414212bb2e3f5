package org.parley.server.core;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable one-time credentials for private-chat links and upload authorisations. */
final class TokenIssuer {

    private final SecureRandom random = new SecureRandom();

    /** 128 random bits, URL-safe base64 without padding. */
    String token() {
        byte[] bytes = new byte[16];
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
