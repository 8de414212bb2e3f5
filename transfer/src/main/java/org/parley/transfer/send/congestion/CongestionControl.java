package org.parley.transfer.send.congestion;

/**
 * What the sender tells its congestion controller and asks of it. The sender calls these hooks and nothing
 * else: it keeps its own scoreboard, loss detection and receiver window, and adds two limits from here, how many
 * bytes may be in flight and when the next datagram may leave.
 *
 * <p>All times are {@link System#nanoTime()}-style nanoseconds from one clock (a test may pass a simulated
 * one). Not thread-safe: the owning session calls every method under its own lock.
 */
public interface CongestionControl {
    /** A datagram of {@code bytes} left (first transmission or retransmission). */
    void onSent(long nowNanos, int bytes);

    /**
     * An acknowledgement arrived: {@code deliveredBytes} newly delivered by it (0 when it only repeats), and
     * the round trip it measured, or a negative value when it gave none.
     */
    void onAck(long nowNanos, long deliveredBytes, long rttNanos);

    /** Datagrams holding {@code lostBytes} were declared lost (by RACK or by the retransmission timeout). */
    void onLoss(long nowNanos, long lostBytes);

    /** At most this many bytes may be in flight (sent, neither delivered nor declared lost). */
    long inflightCapBytes();

    /** How long the next datagram must wait for the pacing, from {@code nowNanos}; 0 means it may leave now. */
    long sendDelayNanos(long nowNanos);
}
