package org.parley.server.cluster;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adapter's publisher thread: takes batches from the {@link Outbox} in order and hands them to the
 * engine through a {@link Sender}. While the sender has no connection the thread reconnects with
 * {@link Backoff} and leaves the messages queued, so a short outage costs nothing but delay; a batch
 * whose send fails is dropped and counted, never resent, because part of it may have reached the
 * engine and the port promises at most once.
 *
 * <p>Threads: one platform thread of its own, named after the engine and node; {@link #stop} from any
 * thread.
 */
final class PublishLoop {

    private static final Logger log = LoggerFactory.getLogger(PublishLoop.class);

    /** The engine's side of publishing; called on the loop's thread only. */
    interface Sender {
        /**
         * Makes sure there is a connection to publish on (cheap when there is one: called before every
         * batch); throws if the engine cannot be reached.
         */
        void connect() throws Exception;

        /** Publishes the batch, in order. */
        void send(List<byte[]> batch) throws Exception;

        /** Drops the connection after a failure or at stop; must not throw. */
        void disconnect();
    }

    private final String engine;
    private final Outbox outbox;
    private final Sender sender;
    private final Backoff backoff;
    private final int maxBatch;
    private final Thread thread;
    private final long drainMillis;
    /** Set by {@link #stop}: the loop sends what is queued, then ends. */
    private volatile boolean draining;
    private volatile boolean stopping;

    PublishLoop(String engine, String nodeId, Outbox outbox, Sender sender, Backoff backoff, int maxBatch) {
        this(engine, nodeId, outbox, sender, backoff, maxBatch, DRAIN_MILLIS);
    }

    /** With {@code drainMillis} for {@link #stop}'s sending of what is queued (a test's generous bound). */
    PublishLoop(String engine, String nodeId, Outbox outbox, Sender sender, Backoff backoff, int maxBatch,
            long drainMillis) {
        this.drainMillis = drainMillis;
        this.engine = engine;
        this.outbox = outbox;
        this.sender = sender;
        this.backoff = backoff;
        this.maxBatch = maxBatch;
        this.thread = new Thread(this::run, "bus-" + engine + "-publish-" + nodeId);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** How long {@link #stop} lets the loop send what is queued: a node's goodbye (its users' logouts). */
    static final long DRAIN_MILLIS = 1_000;

    /**
     * Sends what is queued (for at most the drain bound, {@link #DRAIN_MILLIS} by default, and only while the
     * engine answers), then stops the thread and waits for it; what is still queued then is dropped and counted.
     */
    void stop() {
        draining = true;
        try {
            thread.join(drainMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopping = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (!stopping) {
                if (!ensureConnected()) {
                    break;
                }
                List<byte[]> batch = outbox.take(maxBatch, draining ? 0 : 100);
                if (batch.isEmpty()) {
                    if (draining) {
                        break; // all sent
                    }
                    continue;
                }
                // again, now that there is something to send: the engine may have gone while we waited
                if (!ensureConnected()) {
                    outbox.drop(batch.size(), "the bus is closed");
                    break;
                }
                try {
                    sender.send(batch);
                } catch (Exception e) {
                    outbox.drop(batch.size(), "a send failed (" + e + ")");
                    log.warn("{} bus: a send of {} messages failed; they are dropped, not resent (at most once)",
                            engine, batch.size(), e);
                    sender.disconnect();
                }
            }
        } finally {
            sender.disconnect();
            outbox.discard("the bus is closed");
        }
    }

    /**
     * Until {@link Sender#connect} succeeds, retries with backoff; the first failure of an outage is
     * logged with its cause. False if the loop is stopping.
     */
    private boolean ensureConnected() {
        long attempt = 0;
        while (!stopping) {
            try {
                sender.connect();
                if (attempt > 0) {
                    log.info("{} bus: publishing again after {} attempts", engine, attempt);
                }
                return true;
            } catch (Exception e) {
                if (stopping) {
                    break;
                }
                if (attempt == 0) {
                    log.warn("{} bus: cannot publish; retrying with backoff, messages wait in the outbox", engine, e);
                }
                sender.disconnect();
                sleep(backoff.delay(attempt++).toMillis());
            }
        }
        return false;
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            // stop() interrupts: the loop condition ends the thread
        }
    }
}
