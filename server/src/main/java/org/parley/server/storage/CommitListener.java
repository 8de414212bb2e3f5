package org.parley.server.storage;

/**
 * A view fed from committed records (the text logs). Called only on the store's writer thread, one call
 * at a time, so an implementation needs no locking. The store calls {@link #committed} after each
 * commit and before completing that commit's futures, so a user told "done" finds the record in the
 * view. An exception thrown here is logged and does not fail the writes: they are committed, and
 * {@link #recover} repairs the view at the next start.
 */
public interface CommitListener {

    CommitListener NONE = batch -> { };

    /** Called once when the store opens, before any write, to bring the view in line with the database. */
    default void recover(CommittedHistory history) {
    }

    void committed(CommittedBatch batch);
}
