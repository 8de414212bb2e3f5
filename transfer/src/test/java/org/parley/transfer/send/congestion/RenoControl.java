package org.parley.transfer.send.congestion;

/**
 * A loss-based competitor for {@link SimulatedPath}: NewReno's window (slow start, then one datagram more per
 * window delivered, halved at most once per round trip on loss), unpaced, as a TCP stream sends. It stands for
 * the TCP flow the link test runs beside an upload.
 */
final class RenoControl implements CongestionControl {
    private final int datagramBytes;
    private long cwnd;
    private long ssthresh = Long.MAX_VALUE;
    private long recoveryUntil = Long.MIN_VALUE;
    private long lastRtt;

    RenoControl(int datagramBytes) {
        this.datagramBytes = datagramBytes;
        this.cwnd = 10L * datagramBytes;
    }

    @Override
    public void onSent(long nowNanos, int bytes) {
    }

    @Override
    public void onAck(long nowNanos, long deliveredBytes, long rttNanos) {
        if (rttNanos > 0) {
            lastRtt = rttNanos;
        }
        cwnd += cwnd < ssthresh ? deliveredBytes : Math.max(1, datagramBytes * deliveredBytes / cwnd);
    }

    @Override
    public void onLoss(long nowNanos, long lostBytes) {
        if (nowNanos < recoveryUntil) {
            return;
        }
        ssthresh = Math.max(2L * datagramBytes, cwnd / 2);
        cwnd = ssthresh;
        recoveryUntil = nowNanos + lastRtt;
    }

    @Override
    public long inflightCapBytes() {
        return cwnd;
    }

    @Override
    public long sendDelayNanos(long nowNanos) {
        return 0;
    }
}
