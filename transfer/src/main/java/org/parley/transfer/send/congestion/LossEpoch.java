package org.parley.transfer.send.congestion;

/**
 * Decides whether recent loss is congestion, over epochs of at least {@value #MIN_DATAGRAMS} datagrams (one round
 * on a fast path, several on a slow one, where a 2 ms round holds a handful: one loss in 16 says nothing).
 *
 * <p>An epoch is <b>congested</b> when it lost more than {@value #LOSS_THRESHOLD} of what it sent and delivered
 * (far above the 10% of random loss the model must ride through: only an overflowing queue does that), or more
 * than {@value #QUEUED_LOSS_THRESHOLD} (BBRv2's 2%) while the path held a standing queue through this epoch and
 * the one before it: even the smallest RTT sample of each stood at least {@code max(2 ms, min RTT / 2)} above the
 * path's minimum. That is what a loss-based flow beside us looks like (a TCP stream fills the bottleneck's queue
 * and loses there, while the paced upload loses little); random loss comes without a queue. The queue must last
 * two epochs so that a descheduled thread (a millisecond or two of late ACKs on a loaded host, which looks like
 * a queue) is not taken for one.
 *
 * <p>Not thread-safe: {@link BbrModel} calls it under its owner's lock.
 */
final class LossEpoch {
    static final int MIN_DATAGRAMS = 64;
    static final double LOSS_THRESHOLD = 0.25;
    static final double QUEUED_LOSS_THRESHOLD = 0.02;
    static final long QUEUE_SIGNAL_NANOS = 2_000_000L;
    /** The random-loss fraction is a moving average over about this many epochs: one epoch of 64 is too noisy. */
    static final int RANDOM_LOSS_WEIGHT = 8;

    enum Verdict { UNDECIDED, CLEAN, CONGESTED }

    private final long minBytes;
    private long lost;
    private long total;
    private long epochMinRtt = Long.MAX_VALUE;
    private boolean previousQueued;
    private boolean lastRandom;
    private double randomLoss;

    LossEpoch(int datagramBytes) {
        this.minBytes = (long) MIN_DATAGRAMS * datagramBytes;
    }

    /**
     * The fraction of datagrams lost at random lately (a moving average over the epochs whose loss came without a
     * queue and below the congestion thresholds), or 0 when the last decided epoch was congested or queued, or
     * none was decided yet: loss at an overflowing queue is not random, and its datagrams never crossed the
     * bottleneck.
     */
    double randomLossFraction() {
        return lastRandom ? randomLoss : 0;
    }

    /**
     * One round ended: it lost {@code lostBytes} and delivered {@code deliveredBytes}, its smallest RTT sample was
     * {@code roundMinRtt} (Long.MAX_VALUE if none) on a path whose minimum is {@code pathMinRtt} (negative if
     * unknown). Returns the verdict on the epoch this round completed, or UNDECIDED while it is too small.
     */
    Verdict roundEnded(long lostBytes, long deliveredBytes, long roundMinRtt, long pathMinRtt) {
        lost += lostBytes;
        total += lostBytes + deliveredBytes;
        epochMinRtt = Math.min(epochMinRtt, roundMinRtt);
        if (total < minBytes) {
            return Verdict.UNDECIDED;
        }
        boolean queued = pathMinRtt > 0 && epochMinRtt != Long.MAX_VALUE
                && epochMinRtt > pathMinRtt + Math.max(QUEUE_SIGNAL_NANOS, pathMinRtt / 2);
        boolean congested = lost > LOSS_THRESHOLD * total
                || (queued && previousQueued && lost > QUEUED_LOSS_THRESHOLD * total);
        previousQueued = queued;
        lastRandom = !congested && !queued;
        if (lastRandom) {
            randomLoss += ((double) lost / total - randomLoss) / RANDOM_LOSS_WEIGHT;
        }
        lost = 0;
        total = 0;
        epochMinRtt = Long.MAX_VALUE;
        return congested ? Verdict.CONGESTED : Verdict.CLEAN;
    }
}
