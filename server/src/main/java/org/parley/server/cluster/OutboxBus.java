package org.parley.server.cluster;

/**
 * What the three engine adapters share, so each holds only its engine's connections: the bounded
 * {@link Outbox} that {@link #publish} hands messages to (drained by the adapter's {@link PublishLoop}),
 * the {@link LinkReporter} that tells the core of losses and recoveries, and a close that marks the bus
 * closed and silences the reporter before the engine's own resources are released.
 *
 * <p>Threads: {@link #publish}, {@link #connected} and {@link #droppedPublishes} from any thread, never
 * blocking; {@code start} and {@link #close} synchronize on the bus. {@code reporter} and {@code closed}
 * are volatile because the adapter's own threads read them in their loops.
 */
abstract class OutboxBus implements EngineBus {

    final Outbox outbox;
    volatile LinkReporter reporter;
    volatile boolean closed;

    OutboxBus(String engine, int outboxCapacity) {
        this.outbox = new Outbox(engine, outboxCapacity);
    }

    /**
     * The first step of {@code start}: refuses a second start, or one after close, and makes the
     * reporter the adapter hands its engine's events to. Call holding the bus's lock.
     */
    final LinkReporter claimStart(Listener listener) {
        if (reporter != null || closed) {
            throw new IllegalStateException(engine() + " bus already started or closed");
        }
        LinkReporter link = new LinkReporter(engine(), listener);
        reporter = link;
        return link;
    }

    /** @throws IllegalArgumentException naming the limit, if a message of {@code length} bytes does not fit */
    void checkSize(int length) {
        int max = maxPayloadBytes();
        if (length > max) {
            throw new IllegalArgumentException("bus payload of " + length + " bytes is over the " + engine()
                    + " limit of " + max + " bytes");
        }
    }

    @Override
    public final void publish(byte[] payload) {
        checkSize(payload.length);
        if (closed) {
            outbox.drop(1, "the bus is closed");
            return;
        }
        outbox.offer(payload);
    }

    @Override
    public final boolean connected() {
        LinkReporter link = reporter;
        return !closed && link != null && link.isUp();
    }

    @Override
    public final long droppedPublishes() {
        return outbox.dropped();
    }

    @Override
    public final void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        LinkReporter link = reporter;
        if (link != null) {
            link.closed();
        }
        closeEngine();
    }

    /** Releases the engine's threads and connections, once, after the bus is marked closed. */
    abstract void closeEngine();
}
