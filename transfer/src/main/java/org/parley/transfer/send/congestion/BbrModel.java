package org.parley.transfer.send.congestion;

/**
 * A model of the path in the manner of BBR (Cardwell et al., 2016): the bottleneck bandwidth is the largest
 * delivery rate measured in the last {@value #BW_WINDOW_ROUNDS} rounds, the propagation delay the smallest
 * round trip in the last {@value #MIN_RTT_WINDOW_NANOS} ns, and the sender paces at a gain times that
 * bandwidth with at most {@value #CWND_GAIN} bandwidth-delay products in flight.
 *
 * <p>Phases, kept simple: STARTUP paces at 2/ln 2 times the estimate, doubling the rate every round until the
 * measured rate stops growing by a quarter for three rounds; DRAIN paces at the inverse gain until what is in
 * flight is one BDP again (the queue STARTUP built is gone); PROBE_BW cycles 1.25, 0.75, then six rounds of 1
 * (one round above the estimate to find more bandwidth, one below to drain what that probe queued); PROBE_RTT,
 * when the minimum RTT has not been seen again for its window, holds the flight to four datagrams for 200 ms
 * so that a queue of our own making cannot hide the path's real delay.
 *
 * <p>Loss is not a signal of the rate: the rate comes from what the path carried, so random loss (Wi-Fi, a lossy
 * relay) costs only the lost datagrams, not half the rate as in Reno or CUBIC. The path carried what was delivered
 * and, since random loss happens behind the bottleneck or apart from it, what {@link LossEpoch} says was lost at
 * random: a round's sample is {@code delivered / (1 - randomLossFraction)}. Counting only the delivered datagrams
 * paced 10% below the bottleneck at 10% loss (81% of the loss-free rate through the benchmark's relay). Loss at an
 * overflowing queue never crossed the bottleneck, so a congested or queued epoch turns the correction off. What
 * keeps a bottleneck's queue from overflowing is the pacing at the measured rate and the cap on what is in flight,
 * and only loss that {@link LossEpoch} takes for congestion (an overflowing queue) lowers that cap.
 *
 * <p>Rounds: a round ends when everything sent before it began is accounted for (delivered or lost) and at
 * least {@value #MIN_ROUND_NANOS} ns have passed; its delivery rate is what it delivered over its duration, and
 * never more than what was sent meanwhile. The
 * floor keeps a rate sample from being one compressed burst of ACKs on a sub-millisecond path (the receiver
 * acknowledges in batches, and a descheduled thread delivers many ACKs at once). The flight never drops below
 * {@code minInflightDatagrams}: the receiver acknowledges up to 64 datagrams at once, so a smaller flight would
 * stall between its ACKs.
 *
 * <p>Not thread-safe: the owning session calls it under its lock.
 */
public final class BbrModel implements CongestionControl {
    static final int BW_WINDOW_ROUNDS = 10;
    static final long MIN_RTT_WINDOW_NANOS = 10_000_000_000L;
    static final long MIN_ROUND_NANOS = 2_000_000L;
    /**
     * The flight cap counts the RTT as at least this: below it, what delays ACKs is this host's scheduling (a
     * descheduled thread on either end), not a queue on the path, and a flight sized to the path's 50 us would
     * stall the sender on every such pause. The queue on the path is kept short by the pacing, not by the cap.
     */
    static final long MIN_FLIGHT_RTT_NANOS = 2_000_000L;
    static final long PROBE_RTT_NANOS = 200_000_000L;
    static final double STARTUP_GAIN = 2.885;
    static final double CWND_GAIN = 2.0;
    private static final double[] PROBE_BW_GAINS = {1.25, 0.75, 1, 1, 1, 1, 1, 1};
    private static final int PROBE_RTT_DATAGRAMS = 4;
    private static final int FULL_BW_ROUNDS = 3;
    private static final double FULL_BW_GROWTH = 1.25;
    private static final double LOSS_BETA = 0.7;

    public enum Phase { STARTUP, DRAIN, PROBE_BW, PROBE_RTT }

    private final int datagramBytes;
    private final long minInflightBytes;
    private final MaxFilter bandwidth = new MaxFilter(BW_WINDOW_ROUNDS);
    private final PacingBucket pacing;
    private final LossEpoch lossEpoch;

    private Phase phase = Phase.STARTUP;
    private long minRtt = -1;
    private long minRttStamp;
    private long sent;
    private long delivered;
    private long inflight;
    private long accounted;

    private long round;
    private long roundEndsAtAccounted;
    private long roundStartNanos = Long.MIN_VALUE;
    private long roundStartDelivered;
    private long roundStartSent;
    private double previousSendRate;
    private long roundLost;
    /** The smallest RTT sample of this round; Long.MAX_VALUE while it has none. */
    private long roundMinRtt = Long.MAX_VALUE;
    /**
     * Until everything sent before the last cut is accounted for, no further cut: the losses of one overflow are
     * reported over several rounds (RACK names them as later datagrams arrive), and are one congestion event,
     * as TCP's recovery takes them.
     */
    private long recoveryEndsAtAccounted;
    /** The flight that lost too much lately (BBRv2's inflight_hi); Long.MAX_VALUE while none has. */
    private long inflightHi = Long.MAX_VALUE;

    private double fullBandwidth;
    private int roundsWithoutGrowth;
    private int cycleIndex;
    private long probeRttEndsAt;
    private boolean minRttExpired;

    /**
     * @param datagramBytes        the size of a full datagram on the wire, which the flight is counted in
     * @param minInflightDatagrams the flight allowed whatever the model says (its initial window, too)
     */
    public BbrModel(int datagramBytes, int minInflightDatagrams) {
        this.datagramBytes = datagramBytes;
        this.minInflightBytes = (long) datagramBytes * minInflightDatagrams;
        this.pacing = new PacingBucket(datagramBytes);
        this.lossEpoch = new LossEpoch(datagramBytes);
    }

    @Override
    public void onSent(long now, int bytes) {
        if (roundStartNanos == Long.MIN_VALUE) {
            startRound(now);
        }
        sent += bytes;
        inflight += bytes;
        pacing.sent(now, bytes, pacingRate());
    }

    @Override
    public void onAck(long now, long deliveredBytes, long rttNanos) {
        // Expiry is judged before this sample may renew the minimum, so that PROBE_RTT still starts when the
        // minimum has not been seen again in its window (whatever the new sample is).
        minRttExpired = minRtt > 0 && now - minRttStamp > MIN_RTT_WINDOW_NANOS;
        if (rttNanos > 0 && (minRtt < 0 || rttNanos <= minRtt || minRttExpired)) {
            minRtt = rttNanos;
            minRttStamp = now;
        }
        if (rttNanos > 0) {
            roundMinRtt = Math.min(roundMinRtt, rttNanos);
        }
        if (deliveredBytes > 0) {
            delivered += deliveredBytes;
            accounted += deliveredBytes;
            inflight = Math.max(0, inflight - deliveredBytes);
        }
        maybeEndRound(now);
        advancePhase(now);
    }

    @Override
    public void onLoss(long now, long lostBytes) {
        accounted += lostBytes;
        roundLost += lostBytes;
        inflight = Math.max(0, inflight - lostBytes);
        maybeEndRound(now);
    }

    @Override
    public long inflightCapBytes() {
        if (phase == Phase.PROBE_RTT) {
            return (long) PROBE_RTT_DATAGRAMS * datagramBytes;
        }
        double gain = phase == Phase.STARTUP ? STARTUP_GAIN : CWND_GAIN;
        double flightRtt = Math.max(minRtt, MIN_FLIGHT_RTT_NANOS);
        return Math.min(inflightHi, Math.max(minInflightBytes, (long) (gain * bandwidth.best() * flightRtt / 1e9)));
    }

    @Override
    public long sendDelayNanos(long now) {
        return pacing.delayNanos(now);
    }

    public Phase phase() {
        return phase;
    }

    /** The bottleneck bandwidth estimate in bytes per second, 0 before the first round ended. */
    public double bandwidth() {
        return bandwidth.best();
    }

    /** The minimum RTT seen in its window, negative before any sample. */
    public long minRttNanos() {
        return minRtt;
    }

    /** Bytes per second the sender paces at now; 0 while nothing is known (the flight cap alone applies). */
    public double pacingRate() {
        double bw = bandwidth.best();
        if (bw <= 0) {
            // Before the first measurement: the initial flight spread over the handshake's round trip.
            return minRtt > 0 ? STARTUP_GAIN * minInflightBytes * 1e9 / minRtt : 0;
        }
        return pacingGain() * bw;
    }

    @Override
    public String toString() {
        return String.format("%s, bottleneck %.2f MB/s, min RTT %d us, pacing %.2f MB/s, flight cap %d bytes",
                phase, bandwidth() / 1e6, minRtt / 1000, pacingRate() / 1e6, inflightCapBytes());
    }

    private double pacingGain() {
        return switch (phase) {
            case STARTUP -> STARTUP_GAIN;
            case DRAIN -> 1 / STARTUP_GAIN;
            case PROBE_BW -> PROBE_BW_GAINS[cycleIndex];
            case PROBE_RTT -> 1;
        };
    }

    private double bdpBytes() {
        return minRtt > 0 ? bandwidth.best() * minRtt / 1e9 : 0;
    }

    private void startRound(long now) {
        roundStartNanos = now;
        roundStartDelivered = delivered;
        roundStartSent = sent;
        roundLost = 0;
        roundMinRtt = Long.MAX_VALUE;
        roundEndsAtAccounted = sent;
    }

    private void maybeEndRound(long now) {
        if (roundStartNanos == Long.MIN_VALUE || accounted < roundEndsAtAccounted
                || now - roundStartNanos < MIN_ROUND_NANOS) {
            return;
        }
        // No faster than those datagrams were sent: a thread descheduled on either side hands over many ACKs at
        // once, and that burst says nothing about the path (BBR takes the larger of the send and ACK intervals).
        // What a round delivers was mostly sent in the round before, so that round's send rate (or this one's,
        // whichever is higher) bounds the sample.
        long elapsed = now - roundStartNanos;
        long roundDelivered = delivered - roundStartDelivered;
        LossEpoch.Verdict verdict = lossEpoch.roundEnded(roundLost, roundDelivered, roundMinRtt, minRtt);
        double sendRate = (sent - roundStartSent) * 1e9 / elapsed;
        // What the path carried (see the class comment): the delivered datagrams and those lost at random.
        double carried = roundDelivered / (1 - lossEpoch.randomLossFraction());
        double rate = Math.min(carried * 1e9 / elapsed, Math.max(sendRate, previousSendRate));
        previousSendRate = sendRate;
        round++;
        bandwidth.update(round, rate);
        respondToLoss(verdict);
        startRound(now);
        onRoundEnd(now);
    }

    /**
     * When {@link LossEpoch} finds congestion (an overflowing queue: a competing flow filled it, or the estimate is
     * stale), the flight is cut to 0.7 of what it was; it then grows back by one datagram per clean epoch, as BBRv2
     * probes its inflight_hi slowly. A tenth per round (the first version) was back at the full flight within a few
     * milliseconds, long before a TCP stream that halved its window had regained it: once spurious retransmissions
     * no longer cut the flight, that left such a stream 10-40% of the link. One cut per congestion event
     * ({@link #recoveryEndsAtAccounted}). Random loss never cuts the flight.
     */
    private void respondToLoss(LossEpoch.Verdict verdict) {
        if (verdict == LossEpoch.Verdict.CONGESTED && accounted >= recoveryEndsAtAccounted) {
            long flight = Math.min(inflightCapBytes(), inflight + roundLost);
            inflightHi = Math.max(cutFloorBytes(), (long) (LOSS_BETA * flight));
            recoveryEndsAtAccounted = sent;
        } else if (verdict == LossEpoch.Verdict.CLEAN && inflightHi != Long.MAX_VALUE) {
            inflightHi = inflightHi + datagramBytes;
            if (inflightHi > 4 * Math.max(minInflightBytes, (long) (CWND_GAIN * bdpBytes()))) {
                inflightHi = Long.MAX_VALUE;
            }
        }
    }

    /**
     * A cut never goes below what the path carries in {@link #MIN_FLIGHT_RTT_NANOS} at the measured rate (nor below
     * four datagrams): on a fast path, where that time is host scheduling rather than the path, a few false
     * verdicts (a loaded host's late ACKs look like a queue) would otherwise take the flight down to a handful of
     * datagrams, from where growing back one datagram per epoch takes seconds.
     */
    private long cutFloorBytes() {
        double flightRtt = Math.max(minRtt, MIN_FLIGHT_RTT_NANOS);
        return Math.max((long) PROBE_RTT_DATAGRAMS * datagramBytes, (long) (bandwidth.best() * flightRtt / 1e9));
    }

    private void onRoundEnd(long now) {
        if (phase == Phase.STARTUP) {
            double bw = bandwidth.best();
            if (bw >= fullBandwidth * FULL_BW_GROWTH) {
                fullBandwidth = bw;
                roundsWithoutGrowth = 0;
            } else if (++roundsWithoutGrowth >= FULL_BW_ROUNDS) {
                phase = Phase.DRAIN;
            }
        } else if (phase == Phase.PROBE_BW) {
            cycleIndex = (cycleIndex + 1) % PROBE_BW_GAINS.length;
        }
    }

    private void advancePhase(long now) {
        if (phase == Phase.DRAIN && inflight <= Math.max(minInflightBytes, (long) bdpBytes())) {
            enterProbeBw();
        }
        if (phase != Phase.PROBE_RTT && phase != Phase.STARTUP && minRttExpired) {
            phase = Phase.PROBE_RTT;
            probeRttEndsAt = Long.MIN_VALUE;
        }
        if (phase == Phase.PROBE_RTT) {
            if (probeRttEndsAt == Long.MIN_VALUE && inflight <= inflightCapBytes()) {
                probeRttEndsAt = now + PROBE_RTT_NANOS;
            } else if (probeRttEndsAt != Long.MIN_VALUE && now >= probeRttEndsAt) {
                // The drained path's RTT has been sampled for 200 ms: whatever it was is the minimum now.
                minRttStamp = now;
                enterProbeBw();
            }
        }
    }

    private void enterProbeBw() {
        phase = Phase.PROBE_BW;
        // Start past the probing phase: the estimate was just measured, so the first move is to cruise.
        cycleIndex = 2;
    }
}
