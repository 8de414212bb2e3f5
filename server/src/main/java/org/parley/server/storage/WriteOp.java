package org.parley.server.storage;

import java.sql.SQLException;

/** One queued write: its statements inside the writer's transaction, and what it publishes once committed. */
interface WriteOp<T> {

    T apply(WriteContext context) throws SQLException;

    /**
     * Adds this write's records to the commit notification; called only after the commit succeeded,
     * with what {@link #apply} returned in the transaction that committed.
     */
    default void publish(T value, CommittedRecords records) {
    }
}
