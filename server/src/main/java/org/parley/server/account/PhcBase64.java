package org.parley.server.account;

import java.util.Base64;
import java.util.Optional;

/**
 * The PHC string format's base64: the standard alphabet ({@code A-Z a-z 0-9 + /}) without padding,
 * which is what the Argon2 reference implementation writes. passlib writes its pbkdf2 hashes in
 * "adapted base64", the same but with {@code .} for {@code +}; {@link #decodeAdapted} accepts that.
 */
final class PhcBase64 {

    private PhcBase64() {}

    static String encode(byte[] bytes) {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Empty when the text has padding, characters outside the alphabet, or an impossible length. */
    static Optional<byte[]> decode(String text) {
        if (text.isEmpty() || text.indexOf('=') >= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Standard or passlib-adapted alphabet. */
    static Optional<byte[]> decodeAdapted(String text) {
        return decode(text.replace('.', '+'));
    }
}
