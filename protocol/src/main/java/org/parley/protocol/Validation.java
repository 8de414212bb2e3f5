package org.parley.protocol;

import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules for names, passwords, texts and file names, shared by client (to answer without a round
 * trip) and server (which never trusts the client).
 *
 * <p>Bidirectional formatting controls (the embeddings, overrides and isolates U+202A-U+202E and
 * U+2066-U+2069) are refused in texts and file names, like control characters: they reorder what
 * follows them on the reader's screen, so U+202E followed by {@code gnp.exe} shows as {@code exe.png} and a
 * message can make its own words appear in another order (the "Trojan Source" trick). Ordinary
 * right-to-left text needs none of them; the implicit marks (U+200E, U+200F, U+061C) stay allowed.
 * Usernames are printable ASCII, so they cannot hold one. Lone UTF-16 surrogates are refused too:
 * they are not characters, cannot be stored as they came, and the codec already refuses them on the
 * wire; this check covers what a client is about to send.
 */
public final class Validation {

    private static final String FINGERPRINT_PREFIX = "SHA256:";
    private static final Pattern FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}");

    private Validation() {}

    /** One word of printable ASCII without spaces (SPEC 2.1), at most {@link Limits#MAX_USERNAME_CHARS}. */
    public static boolean isValidUsername(String name) {
        return isPrintableWord(name, Limits.MAX_USERNAME_CHARS);
    }

    public static boolean isValidPassword(String password) {
        return isPrintableWord(password, Limits.MAX_PASSWORD_CHARS);
    }

    /** Why a message text is refused, or empty when it is acceptable. */
    public static Optional<String> textProblem(String text) {
        if (text == null || text.isBlank()) {
            return Optional.of("Error. Message is empty");
        }
        if (text.length() > Limits.MAX_TEXT_CHARS) {
            return Optional.of("Error. Message is too long (at most " + Limits.MAX_TEXT_CHARS + " characters)");
        }
        if (hasControlCharacter(text)) {
            return Optional.of("Error. Message contains control characters");
        }
        if (hasBidiControl(text)) {
            return Optional.of("Error. Message contains bidirectional override characters");
        }
        if (hasLoneSurrogate(text)) {
            return Optional.of("Error. Message contains an invalid character");
        }
        return Optional.empty();
    }

    /**
     * A plain base name: no path separators, not {@code .} or {@code ..}, no control characters, no
     * bidirectional controls, no lone surrogates, not empty, at most {@link Limits#MAX_FILE_NAME_CHARS}. File names from the network must pass this
     * before they are joined to a directory.
     */
    public static boolean isSafeFileName(String name) {
        if (name == null || name.isEmpty() || name.length() > Limits.MAX_FILE_NAME_CHARS) {
            return false;
        }
        if (name.equals(".") || name.equals("..") || name.contains("..")) {
            return false;
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0 || name.indexOf(':') >= 0) {
            return false;
        }
        return !hasControlCharacter(name) && !hasBidiControl(name) && !hasLoneSurrogate(name);
    }

    /**
     * A certificate fingerprint as private-chat links exchange them: {@code SHA256:} and the unpadded
     * standard base64 of a 32-byte SHA-256 digest, in its one canonical spelling (43 characters whose
     * last one carries no stray bits), so two strings name the same certificate only if they are equal.
     */
    public static boolean isFingerprint(String s) {
        if (s == null || !FINGERPRINT.matcher(s).matches()) {
            return false;
        }
        String base64 = s.substring(FINGERPRINT_PREFIX.length());
        byte[] digest = Base64.getDecoder().decode(base64);
        return digest.length == 32 && Base64.getEncoder().withoutPadding().encodeToString(digest).equals(base64);
    }

    /** True for U+202A-U+202E (embeddings, overrides, pop) and U+2066-U+2069 (isolates). */
    public static boolean hasBidiControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) {
                return true;
            }
        }
        return false;
    }

    /** True when a high surrogate is not followed by a low one, or a low one stands alone. */
    public static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * An upload's transfer key as the server sends it: 32 bytes in URL-safe base64 without padding, in
     * its one canonical spelling (exactly 43 characters of {@code A-Z a-z 0-9 - _}, the last of which
     * leaves the two unused bits zero). A client refuses an upload whose key is anything else.
     */
    public static boolean isTransferKey(String key) {
        if (key == null || key.length() != Limits.TRANSFER_KEY_CHARS) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!alphabet) {
                return false;
            }
        }
        // 43 characters carry 258 bits: the last character's two low bits must be zero.
        return "AEIMQUYcgkosw048".indexOf(key.charAt(key.length() - 1)) >= 0;
    }

    public static boolean hasControlCharacter(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }

    private static boolean isPrintableWord(String s, int max) {
        if (s == null || s.isEmpty() || s.length() > max) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
