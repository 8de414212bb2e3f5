package org.parley.server.textlog;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.parley.server.core.ClusterLogs;
import org.parley.server.core.store.BroadcastRecord;
import org.parley.server.core.store.RoomMessageRecord;
import org.parley.server.core.store.RoomRecord;
import org.parley.server.storage.CommitListener;
import org.parley.server.storage.CommittedBatch;
import org.parley.server.storage.CommittedHistory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster node's message logs: {@link MessageLogs} fed both by this node's commits (on the store's
 * writer thread) and by what other nodes committed (handed over by the core, appended on a thread of
 * its own so the core never waits for a disk). One lock lets one caller at a time into the logs, as
 * {@link MessageLogs} requires. Lines of different nodes are appended in the order they arrive here; a
 * restart rewrites each file in number order from the database.
 */
public final class SharedMessageLogs implements CommitListener, ClusterLogs, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SharedMessageLogs.class);

    private final MessageLogs logs;
    private final ExecutorService appender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "parley-cluster-logs");
        t.setDaemon(true);
        return t;
    });

    public SharedMessageLogs(MessageLogs logs) {
        this.logs = logs;
    }

    @Override
    public synchronized void recover(CommittedHistory history) {
        logs.recover(history);
    }

    @Override
    public synchronized void committed(CommittedBatch batch) {
        logs.committed(batch);
    }

    @Override
    public void broadcast(BroadcastRecord broadcast) {
        later(new CommittedBatch(1, List.of(broadcast), List.of(), List.of()));
    }

    @Override
    public void room(RoomRecord room) {
        later(new CommittedBatch(1, List.of(), List.of(room), List.of()));
    }

    @Override
    public void roomMessage(RoomMessageRecord message) {
        later(new CommittedBatch(1, List.of(), List.of(), List.of(message)));
    }

    private void later(CommittedBatch batch) {
        try {
            appender.execute(() -> {
                try {
                    committed(batch);
                } catch (RuntimeException e) {
                    LOG.error("cannot add another node's message to the logs; they are rebuilt at the next start", e);
                }
            });
        } catch (RejectedExecutionException e) {
            // stopping: the next start rebuilds the files from the database
        }
    }

    /** Appends what was handed over, then stops. */
    @Override
    public void close() {
        appender.shutdown();
        try {
            appender.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
