package org.parley.server.storage;

import java.util.concurrent.CompletableFuture;

/** A queued write and the future its submitter holds. */
record PendingWrite<T>(WriteOp<T> op, CompletableFuture<T> future) {

    /** Publishes what {@link WriteOp#apply} returned for this same op. */
    @SuppressWarnings("unchecked")
    void publish(Object result, CommittedRecords records) {
        op.publish((T) result, records);
    }

    /** Completes with what {@link WriteOp#apply} returned for this same op. */
    @SuppressWarnings("unchecked")
    void succeed(Object result) {
        future.complete((T) result);
    }

    void fail(Throwable cause) {
        future.completeExceptionally(cause);
    }
}
