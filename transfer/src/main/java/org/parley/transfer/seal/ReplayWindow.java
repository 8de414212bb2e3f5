package org.parley.transfer.seal;

/**
 * Sliding anti-replay window over a sender's 64-bit counters, as IPsec (RFC 4303 3.4.3) and WireGuard keep
 * one, in the ring-of-words form of RFC 6479: moving forward clears whole words, never shifts bits.
 *
 * <p>A counter is fresh when it is above the highest seen, or within the window below it and not seen yet.
 * {@link #isFresh} is asked before decryption (so a replay costs no cipher work) and {@link #mark} only after
 * authentication (so a forged counter cannot move the window). Receive thread only; constant memory.
 */
final class ReplayWindow {
    private static final int WORDS = 64;
    /** One word is kept spare, so the word being reused is never inside the window. */
    static final int SIZE = (WORDS - 1) * Long.SIZE;

    private final long[] bitmap = new long[WORDS];
    private long highest = -1;

    boolean isFresh(long counter) {
        if (counter < 0) {
            return false;
        }
        if (counter > highest) {
            return true;
        }
        if (highest - counter >= SIZE) {
            return false;
        }
        return (bitmap[word(counter)] & bit(counter)) == 0;
    }

    /** Records an authenticated counter that {@link #isFresh} accepted. */
    void mark(long counter) {
        if (counter > highest) {
            long fromBlock = highest < 0 ? -1 : highest >>> 6;
            long blocks = Math.min((counter >>> 6) - fromBlock, WORDS);
            for (long i = 1; i <= blocks; i++) {
                bitmap[(int) ((fromBlock + i) & (WORDS - 1))] = 0;
            }
            highest = counter;
        }
        bitmap[word(counter)] |= bit(counter);
    }

    private static int word(long counter) {
        return (int) ((counter >>> 6) & (WORDS - 1));
    }

    private static long bit(long counter) {
        return 1L << (counter & 63);
    }
}
