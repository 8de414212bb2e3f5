package org.parley.server.storage;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.parley.server.core.store.BroadcastRecord;

/**
 * Records every committed batch. {@link #holdWriter()} makes the next notification wait until
 * {@link #releaseWriter()}, which keeps the writer thread busy so that later writes queue up together.
 */
final class RecordingListener implements CommitListener {
    final List<CommittedBatch> batches = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final CountDownLatch held = new CountDownLatch(1);

    void holdWriter() {
        gate = new CountDownLatch(1);
    }

    /** Waits until the writer is parked in the listener. */
    void awaitWriterHeld() throws InterruptedException {
        if (!held.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("writer never reached the listener");
        }
    }

    void releaseWriter() {
        gate.countDown();
    }

    int committedWrites() {
        return batches.stream().mapToInt(CommittedBatch::writes).sum();
    }

    List<BroadcastRecord> broadcasts() {
        return batches.stream().flatMap(batch -> batch.broadcasts().stream()).toList();
    }

    @Override
    public void committed(CommittedBatch batch) {
        batches.add(batch);
        CountDownLatch current = gate;
        if (current.getCount() > 0) {
            held.countDown();
            try {
                if (!current.await(30, TimeUnit.SECONDS)) {
                    throw new AssertionError("writer held for too long");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
