package org.parley.transfer;

/**
 * The rule for names that come from the network: a plain base name only. Mirrors the protocol module's
 * {@code Validation.isSafeFileName}; duplicated because this module must not depend on the chat protocol.
 */
public final class SafeFileName {
    public static final int MAX_CHARS = 255;

    private SafeFileName() {
    }

    public static boolean isSafe(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_CHARS) {
            return false;
        }
        if (name.contains("..") || name.equals(".")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\' || c == ':' || Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return false;
            }
            // bidirectional embeddings, overrides and isolates: they make a name show in another order
            if ((c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) {
                return false;
            }
            // a lone surrogate is not a character, and no file system stores it as it came
            if (Character.isHighSurrogate(c) && (i + 1 == name.length() || !Character.isLowSurrogate(name.charAt(++i)))) {
                return false;
            }
            if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
