package org.parley.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The SHA-256 digest of a certificate's DER encoding, written as SSH writes key fingerprints
 * ({@code SHA256:} and 43 characters of unpadded base64), so people can compare it by eye and paste it
 * into {@code --server-fingerprint}. {@link #parse} also takes the colon-separated hex that
 * {@code openssl x509 -fingerprint -sha256} prints.
 */
public record Fingerprint(String value) {

    private static final String PREFIX = "SHA256:";
    private static final Pattern CANONICAL = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}");
    private static final Pattern HEX = Pattern.compile("(?i)(sha256( fingerprint)?[:= ]+)?([0-9a-f]{2}(:?[0-9a-f]{2}){31})");

    public Fingerprint {
        Objects.requireNonNull(value, "value");
        if (!CANONICAL.matcher(value).matches()) {
            throw new IllegalArgumentException("not a SHA-256 fingerprint: " + value);
        }
    }

    public static Fingerprint of(X509Certificate certificate) {
        try {
            return ofDer(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }

    public static Fingerprint ofDer(byte[] der) {
        return ofDigest(sha256(der));
    }

    /**
     * Reads a fingerprint in either form.
     *
     * @throws IllegalArgumentException naming what was expected, when {@code text} is neither
     */
    public static Fingerprint parse(String text) {
        String t = Objects.requireNonNull(text, "text").strip();
        if (CANONICAL.matcher(t).matches()) {
            return new Fingerprint(t);
        }
        var hex = HEX.matcher(t);
        if (hex.matches()) {
            return ofDigest(HexFormat.of().parseHex(hex.group(3).replace(":", "").toLowerCase(Locale.ROOT)));
        }
        throw new IllegalArgumentException("'" + text + "' is not a SHA-256 fingerprint (expected SHA256:"
                + " followed by 43 base64 characters, or 32 hex bytes as openssl prints them)");
    }

    private static Fingerprint ofDigest(byte[] digest) {
        if (digest.length != 32) {
            throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, not " + digest.length);
        }
        return new Fingerprint(PREFIX + Base64.getEncoder().withoutPadding().encodeToString(digest));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
