package org.parley.server.account;

import java.util.Optional;

/** A parsed PHC string of one of the supported schemes; knows how to check a password against itself. */
sealed interface StoredHash permits Argon2Hash, Pbkdf2Sha256Hash {

    /** Recomputes with the stored salt and parameters and compares in constant time. */
    boolean matches(char[] password);

    String toPhc();

    /** Empty for anything malformed, unsupported, or with parameters outside the accepted bounds. */
    static Optional<StoredHash> parse(String phc) {
        if (phc == null || !PhcHashes.looksLikeHash(phc)) {
            return Optional.empty();
        }
        String[] fields = phc.split("\\$", -1);
        String scheme = fields[1];
        if (scheme.equals(Pbkdf2Sha256Hash.SCHEME)) {
            return Pbkdf2Sha256Hash.parse(fields).map(StoredHash.class::cast);
        }
        return Argon2Type.byScheme(scheme).flatMap(type -> Argon2Hash.parse(type, fields)).map(StoredHash.class::cast);
    }

    /** A PHC decimal: digits only, no sign, no leading zero, fits an int. */
    static Optional<Integer> decimal(String text) {
        if (text.length() > 1 && text.charAt(0) == '0') {
            return Optional.empty();
        }
        return Optional.ofNullable(HashCost.parseSmallInt(text));
    }
}
