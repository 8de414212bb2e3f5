package org.parley.bench.fanout;

import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.parley.bench.report.Latency;
import org.parley.client.api.ClientListener;
import org.parley.protocol.Event;

/**
 * Listens on every receiving client: counts broadcast deliveries and records send-to-receive latency
 * from the {@link System#nanoTime()} the sender put in the text (sender and receivers share this JVM).
 */
final class DeliveryProbe implements ClientListener {

    private static final String PREFIX = "t";

    private final LongAdder delivered = new LongAdder();
    private final Recorder latency = new Recorder(Latency.newHistogram().getHighestTrackableValue(), 3);
    private volatile long lastDeliveryNanos;

    /** The text a sender broadcasts now. */
    static String stamp() {
        return PREFIX + System.nanoTime();
    }

    @Override
    public void onEvent(Event event) {
        if (event instanceof Event.BroadcastReceived b && b.text().startsWith(PREFIX)) {
            delivered(Long.parseLong(b.text().substring(PREFIX.length())));
        }
    }

    /** One delivery of a broadcast stamped at {@code sentNanos}. */
    void delivered(long sentNanos) {
        long now = System.nanoTime();
        latency.recordValue(Math.max(1_000L, now - sentNanos));
        delivered.increment();
        lastDeliveryNanos = now;
    }

    long delivered() {
        return delivered.sum();
    }

    long lastDeliveryNanos() {
        return lastDeliveryNanos;
    }

    /** Latency recorded since the previous call, and a fresh start for the next interval. */
    Histogram takeLatency() {
        return latency.getIntervalHistogram();
    }
}
