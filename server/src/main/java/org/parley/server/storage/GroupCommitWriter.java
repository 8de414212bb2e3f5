package org.parley.server.storage;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's only writer: one thread that commits queued writes in groups.
 *
 * <p>The thread takes the first queued write (waiting if there is none), drains whatever else is queued
 * up to {@code maxBatchSize}, runs them all in one transaction, commits, tells the {@link CommitListener},
 * and only then completes the futures, in submission order. While it waits for the disk, new writes
 * queue up and form the next group, so the cost of a commit (an fsync) is shared by everything that
 * arrived meanwhile: under load, groups grow by themselves; when idle, a lone write commits at once.
 *
 * <p>If the group's transaction fails, it is rolled back and each of its writes is retried alone, in
 * order, in its own transaction, so one bad write (a duplicate number, say) fails only its own future
 * and not the innocent writes it happened to share a group with. A write that also fails alone fails
 * its future with the cause. Writes committed this way keep submission order; a write after a failed
 * one still commits (the caller decides what a failure means for what it submitted next).
 *
 * <p>The queue is unbounded so that submitting never blocks; the server bounds the work each client
 * may cause. {@link #close()} stops accepting writes, lets the thread commit everything already
 * queued, and waits for it.
 */
final class GroupCommitWriter {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

    /** Queued by {@link #close()} after every accepted write; nothing is queued after it. */
    private static final PendingWrite<Void> STOP = new PendingWrite<>(context -> null, new CompletableFuture<>());

    private final BlockingQueue<PendingWrite<?>> queue = new LinkedBlockingQueue<>();
    /** Submitters share it; close takes it alone, so no write can slip in behind {@link #STOP}. */
    private final ReadWriteLock gate = new ReentrantReadWriteLock();
    private final DataSource dataSource;
    private final CommitListener listener;
    private final int maxBatchSize;
    private final LongSupplier clock;
    private final MessageIds messageIds;
    private final Thread thread;
    private boolean closed;

    GroupCommitWriter(DataSource dataSource, CommitListener listener, int maxBatchSize, LongSupplier clock,
            MessageIds messageIds) {
        this.dataSource = dataSource;
        this.listener = listener;
        this.maxBatchSize = maxBatchSize;
        this.clock = clock;
        this.messageIds = messageIds;
        this.thread = new Thread(this::run, "parley-store-writer");
        // Daemon: a server that exits without close() must not hang; nobody was told "done" for uncommitted writes.
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    <T> CompletableFuture<T> submit(WriteOp<T> op) {
        CompletableFuture<T> future = new CompletableFuture<>();
        gate.readLock().lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("the store is closed"));
            }
            queue.add(new PendingWrite<>(op, future));
        } finally {
            gate.readLock().unlock();
        }
        return future;
    }

    /** Commits everything submitted so far, then stops the thread. Idempotent. */
    void close() {
        gate.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                queue.add(STOP);
            }
        } finally {
            gate.writeLock().unlock();
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<PendingWrite<?>> batch = new ArrayList<>(maxBatchSize);
        boolean stopping = false;
        while (!stopping) {
            batch.add(takeNext());
            queue.drainTo(batch, maxBatchSize - 1);
            if (batch.get(batch.size() - 1) == STOP) {
                batch.remove(batch.size() - 1);
                stopping = true;
            }
            if (!batch.isEmpty()) {
                commit(batch);
            }
            batch.clear();
        }
    }

    private PendingWrite<?> takeNext() {
        while (true) {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                // Nobody else owns this thread; only STOP ends it, so that queued writes are never dropped.
                log.warn("store writer interrupted; it keeps running until the store is closed");
            }
        }
    }

    private void commit(List<PendingWrite<?>> batch) {
        Committed[] results = new Committed[batch.size()];
        Throwable[] failures = new Throwable[batch.size()];
        try (Connection connection = dataSource.getConnection();
                WriteContext context = new WriteContext(connection, clock.getAsLong(), messageIds)) {
            Exception groupFailure = commitTogether(batch, context, results);
            if (groupFailure != null && batch.size() == 1) {
                failures[0] = groupFailure;
            } else if (groupFailure != null) {
                log.warn("group of {} writes failed ({}); retrying them one by one", batch.size(), groupFailure.toString());
                commitOneByOne(batch, context, results, failures);
            }
        } catch (Exception e) {
            // No connection, or it broke on close: every write not yet committed or failed shares the cause.
            for (int i = 0; i < failures.length; i++) {
                if (results[i] == null && failures[i] == null) {
                    failures[i] = e;
                }
            }
        }
        CommittedRecords committed = new CommittedRecords();
        for (int i = 0; i < batch.size(); i++) {
            if (results[i] != null) {
                batch.get(i).op().publish(committed);
                committed.countWrite();
            }
        }
        notifyListener(committed);
        for (int i = 0; i < batch.size(); i++) {
            if (results[i] != null) {
                batch.get(i).succeed(results[i].value());
            } else {
                batch.get(i).fail(failures[i]);
            }
        }
    }

    /** One transaction for the whole group; on failure it is rolled back and the cause returned. */
    private Exception commitTogether(List<PendingWrite<?>> batch, WriteContext context, Committed[] results) {
        Object[] values = new Object[batch.size()];
        try {
            for (int i = 0; i < batch.size(); i++) {
                values[i] = batch.get(i).op().apply(context);
            }
            context.markAlive();
            context.commit();
        } catch (Exception e) {
            context.rollback(e);
            return e;
        }
        for (int i = 0; i < values.length; i++) {
            results[i] = new Committed(values[i]);
        }
        return null;
    }

    private void commitOneByOne(List<PendingWrite<?>> batch, WriteContext context, Committed[] results,
            Throwable[] failures) {
        for (int i = 0; i < batch.size(); i++) {
            try {
                Object value = batch.get(i).op().apply(context);
                context.markAlive();
                context.commit();
                results[i] = new Committed(value);
            } catch (Exception e) {
                context.rollback(e);
                failures[i] = e;
            }
        }
    }

    private void notifyListener(CommittedRecords committed) {
        if (committed.isEmpty()) {
            return;
        }
        try {
            listener.committed(committed.toBatch());
        } catch (RuntimeException e) {
            log.error("commit listener failed; its view is repaired at the next start", e);
        }
    }

    /** A committed write's result; a wrapper because the result itself may be null. */
    private record Committed(Object value) {}
}
