package org.parley.transfer.send.congestion;

/**
 * The largest value seen in the last {@code rounds} rounds: one slot per round in a ring, so a sample older
 * than the window is forgotten exactly when its round leaves it (a bandwidth peak caused by one compressed
 * burst of ACKs therefore ends its influence after the window, and a drop in the path's rate is noticed then).
 * Not thread-safe.
 */
final class MaxFilter {
    private final double[] perRound;
    private long round = -1;

    MaxFilter(int rounds) {
        this.perRound = new double[rounds];
    }

    void update(long sampleRound, double value) {
        if (sampleRound != round) {
            // Rounds without a sample are cleared as the ring moves past them.
            long steps = round < 0 ? perRound.length : Math.min(perRound.length, sampleRound - round);
            for (long r = 1; r <= steps; r++) {
                perRound[(int) ((round + r) % perRound.length + perRound.length) % perRound.length] = 0;
            }
            round = sampleRound;
        }
        int slot = (int) (round % perRound.length);
        perRound[slot] = Math.max(perRound[slot], value);
    }

    double best() {
        double best = 0;
        for (double v : perRound) {
            best = Math.max(best, v);
        }
        return best;
    }
}
