package org.parley.server.account;

import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.crypto.params.Argon2Parameters;

/** The three Argon2 variants, by their PHC identifier. We only ever create argon2id. */
enum Argon2Type {
    ARGON2D("argon2d", Argon2Parameters.ARGON2_d),
    ARGON2I("argon2i", Argon2Parameters.ARGON2_i),
    ARGON2ID("argon2id", Argon2Parameters.ARGON2_id);

    private final String scheme;
    private final int bouncyCastleType;

    Argon2Type(String scheme, int bouncyCastleType) {
        this.scheme = scheme;
        this.bouncyCastleType = bouncyCastleType;
    }

    String scheme() {
        return scheme;
    }

    int bouncyCastleType() {
        return bouncyCastleType;
    }

    static Optional<Argon2Type> byScheme(String scheme) {
        return Arrays.stream(values()).filter(t -> t.scheme.equals(scheme)).findFirst();
    }
}
