package org.parley.server.storage;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;
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
 * <p>If the group's transaction fails, nothing of it is kept, and each of its writes is retried alone,
 * in order, in its own transaction, so one bad write (a room message for a room that does not exist,
 * say) fails only its own future and not the innocent writes it happened to share a group with. A
 * write that also fails alone fails its future with the cause. Writes committed this way keep
 * submission order; a write after a failed one still commits (the caller decides what a failure means
 * for what it submitted next). Numbers (ids, broadcast and room message numbers) are handed out inside
 * the transaction (see {@link Numbering}), so a failed write leaves no gap. If no connection can be had
 * at all, the group fails as a whole without retries.
 *
 * <p>A failed write is never committed later, and the writer recovers by itself once the cause is gone
 * (a full disk freed, the database back): see {@link #transaction}.
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
    private final HikariDataSource pool;
    private final CommitListener listener;
    private final int maxBatchSize;
    private final LongSupplier clock;
    /** Null for a single server; else this node's id (see {@link ClusterNumbering}). */
    private final String clusterNode;
    /** The numbers to hand out next; null when they must be read again from the database. */
    private Numbering numbering;
    private final Thread thread;
    private boolean closed;
    private final StoreStatus status = new StoreStatus(queue::size, () -> submit(context -> null));

    GroupCommitWriter(HikariDataSource pool, CommitListener listener, int maxBatchSize, LongSupplier clock) {
        this(pool, listener, maxBatchSize, clock, null);
    }

    GroupCommitWriter(HikariDataSource pool, CommitListener listener, int maxBatchSize, LongSupplier clock,
            String clusterNode) {
        this.clusterNode = clusterNode;
        this.pool = pool;
        this.listener = listener;
        this.maxBatchSize = maxBatchSize;
        this.clock = clock;
        this.thread = new Thread(this::run, "parley-store-writer");
        // Daemon: a server that exits without close() must not hang; nobody was told "done" for uncommitted writes.
        this.thread.setDaemon(true);
    }

    /** Queue depth and health, for the operator. */
    StoreStatus status() {
        return status;
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
        Object[] values = new Object[batch.size()];
        Exception[] failures = new Exception[batch.size()];
        long start = System.nanoTime();
        Exception groupFailure = transaction(batch, values);
        if (groupFailure != null && (batch.size() == 1 || groupFailure instanceof NoConnection)) {
            Arrays.fill(failures, groupFailure);
        } else if (groupFailure != null) {
            log.warn("group of {} writes failed ({}); retrying them one by one", batch.size(), groupFailure.toString());
            Object[] value = new Object[1];
            for (int i = 0; i < batch.size(); i++) {
                failures[i] = transaction(List.of(batch.get(i)), value);
                values[i] = value[0];
                if (failures[i] instanceof NoConnection) {
                    Arrays.fill(failures, i + 1, failures.length, failures[i]);
                    break;
                }
            }
        }
        report(failures, start);
        CommittedRecords committed = new CommittedRecords();
        for (int i = 0; i < batch.size(); i++) {
            if (failures[i] == null) {
                batch.get(i).publish(values[i], committed);
                committed.countWrite();
            }
        }
        notifyListener(committed);
        for (int i = 0; i < batch.size(); i++) {
            if (failures[i] == null) {
                batch.get(i).succeed(values[i]);
            } else {
                batch.get(i).fail(failures[i]);
            }
        }
    }

    /** Healthy if anything of the group committed, failing (with the last cause) if nothing did. */
    private void report(Exception[] failures, long start) {
        Exception last = null;
        for (Exception failure : failures) {
            if (failure == null) {
                status.committed(System.nanoTime() - start);
                return;
            }
            last = failure;
        }
        status.failed(last);
    }

    /**
     * Runs these writes in one transaction and commits it; returns null if it committed, else the cause,
     * and then nothing of it is in the database. {@code values} receives what each write returned.
     *
     * <p>A connection that saw any failure is never used again: after an error SQLite may have rolled
     * the transaction back on its own (SQLITE_FULL, SQLITE_IOERR), and the driver's own rollback then
     * fails before it opens the next transaction, which left the connection in auto-commit: every later
     * statement committed at once while the writer, failing to commit, refused it. So the connection is
     * evicted from the pool (closing it rolls back whatever it still held) and the next transaction
     * runs on a fresh one, with the numbers reloaded from the database.
     */
    private Exception transaction(List<PendingWrite<?>> writes, Object[] values) {
        Connection connection;
        try {
            connection = pool.getConnection();
        } catch (SQLException e) {
            numbering = null;
            return new NoConnection(e);
        }
        long transaction = -1;
        boolean committing = false;
        try {
            if (numbering == null) {
                numbering = Numbering.load(connection, clusterNode);
            }
            transaction = numbering.nextTransaction();
            try (WriteContext context = new WriteContext(connection, clock.getAsLong(), numbering, clusterNode)) {
                for (int i = 0; i < writes.size(); i++) {
                    values[i] = writes.get(i).op().apply(context);
                }
                context.markCommitted(transaction);
            }
            committing = true;
            connection.commit();
        } catch (Exception e) {
            discard(connection, e);
            return committing && committedAnyway(transaction, e) ? null : e;
        }
        numbering.commit();
        release(connection);
        return null;
    }

    /** Evicts a connection that failed, so no later transaction inherits its state. */
    private void discard(Connection connection, Exception cause) {
        numbering = null;
        log.warn("store writer: discarding its connection after {}", cause.toString());
        pool.evictConnection(connection);
        try {
            connection.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Back to the pool after a commit; a failure here cannot undo the commit, so it only costs the connection. */
    private void release(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            numbering = null;
            log.warn("store writer: returning its connection failed after a commit ({}); evicting it", e.toString());
            pool.evictConnection(connection);
        }
    }

    /**
     * Whether a transaction whose COMMIT reported an error took effect all the same (the error came
     * after the data was durable, or the answer was lost with the connection): read on a fresh
     * connection, by the transaction number the transaction wrote. If it committed, its writes are
     * acknowledged, since refusing them would tell users "failed" for what the store keeps.
     */
    private boolean committedAnyway(long transaction, Exception cause) {
        Connection connection;
        try {
            connection = pool.getConnection();
        } catch (SQLException e) {
            return outcomeUnknown(cause, e);
        }
        long last;
        try {
            // On PostgreSQL the failed transaction may still be ending on the server; it holds the
            // store_state row until then, so this waits for its outcome (on SQLite it has ended already).
            if (clusterNode == null) {
                try (Statement wait = connection.createStatement()) {
                    wait.executeUpdate("UPDATE store_state SET last_transaction = last_transaction WHERE id = 1");
                }
                last = StoreQueries.singleLong(connection, "SELECT last_transaction FROM store_state WHERE id = 1");
            } else {
                try (var wait = connection.prepareStatement(
                        "UPDATE node_state SET last_transaction = last_transaction WHERE node_id = ? "
                                + "RETURNING last_transaction")) {
                    wait.setString(1, clusterNode);
                    try (var row = wait.executeQuery()) {
                        last = row.next() ? row.getLong(1) : -1;
                    }
                }
            }
            connection.rollback();
        } catch (SQLException e) {
            discard(connection, e);
            return outcomeUnknown(cause, e);
        }
        release(connection);
        if (last != transaction) {
            return false;
        }
        log.warn("store writer: a commit reported {} but took effect; its writes are acknowledged", cause.toString());
        return true;
    }

    private static boolean outcomeUnknown(Exception cause, SQLException e) {
        cause.addSuppressed(e);
        log.error("store writer: cannot learn whether a failed commit took effect; its writes are refused", e);
        return false;
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

    /** The pool gave no connection: retrying the group's writes one by one would only wait again. */
    private static final class NoConnection extends SQLException {
        NoConnection(SQLException cause) {
            super("no connection to the database: " + cause.getMessage(), cause.getSQLState(), cause);
        }
    }
}
