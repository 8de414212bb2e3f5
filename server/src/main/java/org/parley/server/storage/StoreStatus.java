package org.parley.server.storage;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.concurrent.CompletableFuture;

/**
 * How the store's writer is doing, for the operator's metrics and readiness: writes queued and not yet
 * committed, how long commits take, and whether the last group of writes failed as a whole (then the
 * store is failing until a commit succeeds again).
 *
 * <p>Concurrency: the writer thread reports ({@link #committed}, {@link #failed}); any thread reads.
 * Fields are volatile or atomic; nothing blocks.
 */
public final class StoreStatus {

    private final IntSupplier queued;
    private final Supplier<CompletableFuture<?>> probe;
    private final AtomicBoolean probing = new AtomicBoolean();
    /** Null while healthy: else the cause of the last failed group, in one line. */
    private volatile String failure;
    private volatile LongConsumer commitObserver = nanos -> { };

    /**
     * {@code queued}: the writer's queue length; {@code probe}: submits a write that changes nothing but
     * commits a transaction, so a failing store can show it recovered without waiting for users' writes.
     */
    StoreStatus(IntSupplier queued, Supplier<CompletableFuture<?>> probe) {
        this.queued = queued;
        this.probe = probe;
    }

    /** A status for tests of what reads it: {@code queued} writes waiting, no probe. */
    public static StoreStatus of(IntSupplier queued) {
        return new StoreStatus(queued, () -> CompletableFuture.completedFuture(null));
    }

    /** Writes submitted and not yet committed or failed. */
    public int queuedWrites() {
        return queued.getAsInt();
    }

    /** Why the store is failing (the last group of writes failed whole), or empty while it commits. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** Each committed group's time, in nanoseconds, from taking a connection to the commit returning. */
    public void onCommit(LongConsumer observer) {
        commitObserver = observer;
    }

    /**
     * While failing, submits one probe write (never more than one at a time), so that the next look
     * sees whether the store is back even when no user writes anything.
     */
    public void probeIfFailing() {
        if (failure != null && probing.compareAndSet(false, true)) {
            probe.get().whenComplete((v, err) -> probing.set(false));
        }
    }

    /** Writer thread: a group committed (all of it, or some after a failed group was retried one by one). */
    void committed(long nanos) {
        failure = null;
        commitObserver.accept(nanos);
    }

    /** Writer thread: nothing of a group committed. */
    void failed(Exception cause) {
        failure = cause.toString().replace('\n', ' ');
    }
}
