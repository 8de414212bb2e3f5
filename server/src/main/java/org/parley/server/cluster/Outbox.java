package org.parley.server.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded queue between {@code publish} (any thread, never blocks) and the adapter's one publisher
 * thread, which drains it in order. A message that does not fit is dropped and counted; the first drop
 * of a burst is logged and the burst ends (logged too, with its count) once the queue is back under
 * half full, so a long outage costs two log lines, not one per message.
 *
 * <p>Threads: {@link #offer} and {@link #drop} from any thread; {@link #take} from the publisher thread
 * only. The queue is the JDK's {@link ArrayBlockingQueue}; the counters are atomics.
 */
final class Outbox {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    private final String engine;
    private final int capacity;
    private final BlockingQueue<byte[]> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean inBurst = new AtomicBoolean();
    private final AtomicLong droppedAtBurstStart = new AtomicLong();

    Outbox(String engine, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("outbox capacity must be at least 1: " + capacity);
        }
        this.engine = engine;
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Queues one message, or drops and counts it when the queue is full. */
    void offer(byte[] payload) {
        if (queue.offer(payload)) {
            if (inBurst.get() && queue.remainingCapacity() > capacity / 2 && inBurst.compareAndSet(true, false)) {
                log.info("{} bus: outbox accepting again; {} publishes dropped in that burst", engine,
                        dropped.get() - droppedAtBurstStart.get());
            }
            return;
        }
        drop(1, "outbox full (" + capacity + " messages waiting for the engine)");
    }

    /** Counts {@code count} messages that will not reach the engine; logs the first of a burst. */
    void drop(int count, String why) {
        long before = dropped.getAndAdd(count);
        if (inBurst.compareAndSet(false, true)) {
            droppedAtBurstStart.set(before);
            log.warn("{} bus: dropping publishes: {}; further drops are counted, not logged", engine, why);
        }
    }

    /**
     * Waits up to {@code timeoutMillis} for a first message, then takes what else is queued, up to
     * {@code max} in all; empty when none came. Interruption ends the wait with what was taken.
     */
    List<byte[]> take(int max, long timeoutMillis) {
        List<byte[]> batch = new ArrayList<>();
        try {
            byte[] first = queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
            if (first == null) {
                return batch;
            }
            batch.add(first);
            queue.drainTo(batch, max - 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return batch;
    }

    /** Drops (and counts) everything still queued: the bus is closing. */
    void discard(String why) {
        List<byte[]> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!rest.isEmpty()) {
            drop(rest.size(), why);
        }
    }

    long dropped() {
        return dropped.get();
    }
}
