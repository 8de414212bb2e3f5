package org.parley.transfer.seal;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * The 256-bit key of one transfer, made by the server when it authorises the upload and handed to both ends
 * over the chat link. Immutable; {@link #toString()} never shows the key.
 *
 * <p>On the chat link it is URL-safe base64 without padding: exactly 43 characters. Parsing is strict (only the
 * canonical spelling of 32 bytes is accepted) so that one key has one text, as the protocol module's
 * {@code Validation.isTransferKey} checks it.
 */
public final class TransferKey {
    public static final int BYTES = 32;
    /** Characters of the base64 form. */
    public static final int TEXT_CHARS = 43;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] bytes;

    private TransferKey(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A copy of {@code bytes}, which must be exactly {@value #BYTES} long. */
    public static TransferKey of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("a transfer key is " + BYTES + " bytes, not " + bytes.length);
        }
        return new TransferKey(bytes.clone());
    }

    /** A fresh key from {@link SecureRandom}. */
    public static TransferKey random() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return new TransferKey(bytes);
    }

    /**
     * Reads the chat link's form.
     *
     * @throws IllegalArgumentException unless {@code text} is the canonical URL-safe, unpadded base64 of 32 bytes
     */
    public static TransferKey fromBase64(String text) {
        if (!isCanonicalBase64(text)) {
            throw new IllegalArgumentException("a transfer key is " + TEXT_CHARS
                    + " characters of URL-safe base64 (32 bytes)");
        }
        return new TransferKey(Base64.getUrlDecoder().decode(text));
    }

    /** True for exactly the texts {@link #fromBase64} accepts. */
    public static boolean isCanonicalBase64(String text) {
        if (text == null || text.length() != TEXT_CHARS) {
            return false;
        }
        for (int i = 0; i < TEXT_CHARS; i++) {
            char c = text.charAt(i);
            boolean alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!alphabet) {
                return false;
            }
        }
        // 43 characters carry 258 bits; the last one's two low bits must be zero or another text names the key.
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Base64.getUrlDecoder().decode(text))
                .equals(text);
    }

    public String toBase64() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A copy; the caller owns it. */
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TransferKey k && MessageDigest.isEqual(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return 0; // never a map key; a hash would be a function of the secret
    }

    @Override
    public String toString() {
        return "TransferKey[hidden]";
    }
}
