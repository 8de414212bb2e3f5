package org.parley.server.account;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Argon2id work factors: memory in KiB, passes over that memory, and lanes. The same bounds apply to
 * the cost of stored hashes we agree to verify, so a corrupt or hostile credentials line cannot make
 * a login allocate gigabytes or spin for minutes.
 */
public record HashCost(int memoryKiB, int iterations, int parallelism) {

    /** 1 GiB: above RFC 9106's second recommendation (64 MiB), far below what would exhaust a server. */
    public static final int MAX_MEMORY_KIB = 1 << 20;
    public static final int MAX_ITERATIONS = 64;
    public static final int MAX_PARALLELISM = 16;

    private static final String SYNTAX = "expected production, testing or m=<KiB>,t=<iterations>,p=<lanes>";

    public HashCost {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("parallelism must be 1.." + MAX_PARALLELISM + ", was " + parallelism);
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be 1.." + MAX_ITERATIONS + ", was " + iterations);
        }
        // Argon2 needs at least two blocks per lane in each of its four slices.
        int minMemory = 8 * parallelism;
        if (memoryKiB < minMemory || memoryKiB > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException(
                    "memory must be " + minMemory + ".." + MAX_MEMORY_KIB + " KiB, was " + memoryKiB);
        }
    }

    /**
     * The OWASP Password Storage Cheat Sheet's first argon2id configuration: 19 MiB, 2 passes, 1 lane.
     * One lane because the hashing executor already runs several logins in parallel.
     */
    public static HashCost production() {
        return new HashCost(19_456, 2, 1);
    }

    /**
     * FOR TESTS AND BENCHMARKS ONLY: 64 KiB and one pass offer almost no resistance to offline
     * guessing. It exists so test suites can hash thousands of passwords in seconds.
     */
    public static HashCost testing() {
        return new HashCost(64, 1, 1);
    }

    /**
     * Parses a server option: {@code production}, {@code testing} (either case) or
     * {@code m=<KiB>,t=<iterations>,p=<lanes>} in any order, each exactly once.
     *
     * @throws IllegalArgumentException with a message fit for the user when the text is not one of those
     */
    public static HashCost parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("Invalid hash cost '': " + SYNTAX);
        }
        String trimmed = text.trim();
        switch (trimmed.toLowerCase(Locale.ROOT)) {
            case "production":
                return production();
            case "testing":
                return testing();
            default:
                return parseParameters(trimmed);
        }
    }

    private static HashCost parseParameters(String text) {
        Map<String, Integer> values = new HashMap<>();
        for (String part : text.split(",", -1)) {
            int eq = part.indexOf('=');
            String key = eq < 0 ? "" : part.substring(0, eq).trim();
            Integer value = eq < 0 ? null : parseSmallInt(part.substring(eq + 1).trim());
            if (!(key.equals("m") || key.equals("t") || key.equals("p")) || value == null
                    || values.putIfAbsent(key, value) != null) {
                throw new IllegalArgumentException("Invalid hash cost '" + text + "': " + SYNTAX);
            }
        }
        if (values.size() != 3) {
            throw new IllegalArgumentException("Invalid hash cost '" + text + "': " + SYNTAX);
        }
        try {
            return new HashCost(values.get("m"), values.get("t"), values.get("p"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid hash cost '" + text + "': " + e.getMessage(), e);
        }
    }

    /** A decimal of at most 9 digits, so it always fits an int; null otherwise. */
    static Integer parseSmallInt(String digits) {
        if (digits.isEmpty() || digits.length() > 9) {
            return null;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return null;
            }
        }
        return Integer.parseInt(digits);
    }

    @Override
    public String toString() {
        return "m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism;
    }
}
