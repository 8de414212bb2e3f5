package org.parley.protocol;

import java.util.Optional;

/**
 * The rules for names, passwords, texts and file names, shared by client (to answer without a round
 * trip) and server (which never trusts the client).
 */
public final class Validation {

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
        return Optional.empty();
    }

    /**
     * A plain base name: no path separators, not {@code .} or {@code ..}, no control characters, not
     * empty, at most {@link Limits#MAX_FILE_NAME_CHARS}. File names from the network must pass this
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
        return !hasControlCharacter(name);
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
