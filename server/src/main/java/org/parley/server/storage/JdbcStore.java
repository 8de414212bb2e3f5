package org.parley.server.storage;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.parley.server.core.store.AccountRecord;
import org.parley.server.core.store.BroadcastRecord;
import org.parley.server.core.store.DirectMessageRecord;
import org.parley.server.core.store.RoomMessageRecord;
import org.parley.server.core.store.SavedRoom;
import org.parley.server.core.store.Snapshot;
import org.parley.server.core.store.Store;
import org.parley.server.core.store.StoredDirectMessage;
import org.parley.server.files.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Store} over JDBC: SQLite in a file by default, PostgreSQL as the server option, with the
 * schema applied by Flyway ({@code db/migration}).
 *
 * <p>Writes go to one {@link GroupCommitWriter} thread, which commits them in groups and completes
 * their futures in submission order after the commit. Reads run on a small pool of reader threads with
 * their own connections, so they never wait behind the writer's fsync and see committed data only.
 *
 * <p>Opening the store migrates the schema, closes login spans a crash left open (see
 * {@link StartupRecovery}), and lets the {@link CommitListener} bring its view (the text logs) in line
 * with the database, all before the first write is accepted.
 */
public final class JdbcStore implements Store {

    private static final Logger log = LoggerFactory.getLogger(JdbcStore.class);

    private final HikariDataSource writerPool;
    private final HikariDataSource readerPool;
    private final ExecutorService readers;
    private final GroupCommitWriter writer;

    private JdbcStore(HikariDataSource writerPool, HikariDataSource readerPool, ExecutorService readers,
            GroupCommitWriter writer) {
        this.writerPool = writerPool;
        this.readerPool = readerPool;
        this.readers = readers;
        this.writer = writer;
    }

    public static JdbcStore open(StorageConfig config) {
        return open(config, CommitListener.NONE);
    }

    /** Opens (creating and migrating if needed) the database, recovers from a crash, and starts the writer. */
    public static JdbcStore open(StorageConfig config, CommitListener listener) {
        return open(config, listener, System::currentTimeMillis);
    }

    static JdbcStore open(StorageConfig config, CommitListener listener, LongSupplier clock) {
        return open(config, listener, clock, null);
    }

    /** As above, with the writer's connections wrapped by {@code writerDriver} (if not null), for tests. */
    static JdbcStore open(StorageConfig config, CommitListener listener, LongSupplier clock,
            UnaryOperator<DataSource> writerDriver) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(listener, "listener");
        createDataDirectory(config);
        HikariDataSource writerPool = null;
        HikariDataSource readerPool = null;
        try {
            writerPool = writerDriver == null ? DataSources.writer(config) : DataSources.writer(config, writerDriver);
            migrate(config);
            try (Connection connection = writerPool.getConnection()) {
                if (config.isClusterNode()) {
                    // Open login spans belong to the nodes that serve them: a dead node's are closed by
                    // whichever node releases its claims, not here.
                    ClusterNumbering.prepare(connection, config.clusterNode());
                } else {
                    StartupRecovery.run(connection);
                }
            }
            readerPool = DataSources.readers(config);
            listener.recover(new JdbcCommittedHistory(readerPool));
            GroupCommitWriter writer = new GroupCommitWriter(writerPool, listener, config.maxBatchSize(), clock,
                    config.clusterNode());
            ExecutorService readers = Executors.newFixedThreadPool(config.readerThreads(), readerThreads());
            writer.start();
            log.info("store open: {}", config);
            return new JdbcStore(writerPool, readerPool, readers, writer);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(readerPool);
            closeQuietly(writerPool);
            throw e instanceof StorageException se ? se : new StorageException("cannot open the store at " + config.jdbcUrl(), e);
        }
    }

    @Override
    public Snapshot load() {
        try (Connection connection = readerPool.getConnection()) {
            // One transaction, so the parts of the snapshot agree with each other.
            connection.setAutoCommit(false);
            Snapshot snapshot = StoreQueries.snapshot(connection);
            connection.commit();
            return snapshot;
        } catch (SQLException e) {
            throw new StorageException("cannot load the snapshot", e);
        }
    }

    @Override
    public CompletableFuture<Void> saveAccount(AccountRecord account) {
        Objects.requireNonNull(account, "account");
        return writer.submit(Writes.saveAccount(account));
    }

    @Override
    public CompletableFuture<Boolean> createAccount(AccountRecord account) {
        Objects.requireNonNull(account, "account");
        return writer.submit(Writes.createAccount(account));
    }

    @Override
    public CompletableFuture<Void> saveBlock(String blocker, String blocked) {
        Objects.requireNonNull(blocker, "blocker");
        Objects.requireNonNull(blocked, "blocked");
        return writer.submit(Writes.saveBlock(blocker, blocked));
    }

    @Override
    public CompletableFuture<Void> deleteBlock(String blocker, String blocked) {
        Objects.requireNonNull(blocker, "blocker");
        Objects.requireNonNull(blocked, "blocked");
        return writer.submit(Writes.deleteBlock(blocker, blocked));
    }

    @Override
    public CompletableFuture<Long> saveOfflineMessage(DirectMessageRecord message) {
        Objects.requireNonNull(message, "message");
        return writer.submit(Writes.saveOfflineMessage(message));
    }

    @Override
    public CompletableFuture<List<StoredDirectMessage>> pendingMessages(String recipient, long afterId, int limit) {
        Objects.requireNonNull(recipient, "recipient");
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        return writer.submit(Writes.pendingMessages(recipient, afterId, limit));
    }

    @Override
    public CompletableFuture<Void> markDelivered(Collection<Long> messageIds) {
        return writer.submit(Writes.markDelivered(List.copyOf(messageIds)));
    }

    @Override
    public CompletableFuture<Long> saveBroadcast(String from, String text, long at) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(text, "text");
        return writer.submit(Writes.saveBroadcast(from, text, at));
    }

    @Override
    public CompletableFuture<SavedRoom> saveRoom(List<String> members, String createdBy, long createdAt) {
        Objects.requireNonNull(createdBy, "createdBy");
        return writer.submit(Writes.saveRoom(List.copyOf(members), createdBy, createdAt));
    }

    @Override
    public CompletableFuture<Long> saveRoomMessage(long roomId, String from, String text, long at) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(text, "text");
        return writer.submit(Writes.saveRoomMessage(roomId, from, text, at));
    }

    @Override
    public CompletableFuture<Void> recordLogin(String username, long loginAt) {
        Objects.requireNonNull(username, "username");
        return writer.submit(Writes.recordLogin(username, loginAt));
    }

    @Override
    public CompletableFuture<Void> recordLogout(String username, long loginAt, long logoutAt) {
        Objects.requireNonNull(username, "username");
        return writer.submit(Writes.recordLogout(username, loginAt, logoutAt));
    }

    @Override
    public CompletableFuture<List<AccountRecord>> accountsNamed(Collection<String> usernames) {
        List<String> names = List.copyOf(usernames);
        return read(connection -> StoreQueries.accountsNamed(connection, names));
    }

    @Override
    public CompletableFuture<List<BroadcastRecord>> broadcastsAfter(long since, long afterNumber, int limit) {
        requirePositive(limit);
        return read(connection -> StoreQueries.broadcastsAfter(connection, since, afterNumber, limit));
    }

    @Override
    public CompletableFuture<List<RoomMessageRecord>> roomMessagesAfter(Collection<Long> roomIds, long since,
            long afterRoom, long afterNumber, int limit) {
        requirePositive(limit);
        List<Long> ids = List.copyOf(roomIds);
        return read(connection -> StoreQueries.roomMessagesAfter(connection, ids, since, afterRoom, afterNumber, limit));
    }

    private static void requirePositive(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("a page holds at least one row, not " + limit);
        }
    }

    @Override
    public CompletableFuture<List<String>> usersOnlineSince(long since) {
        return writer.submit(Writes.usersOnlineSince(since));
    }

    /** The writer's queue depth, commit times and health, for the operator. */
    public StoreStatus status() {
        return writer.status();
    }

    /** Commits every write already submitted, then stops the threads and closes the connections. */
    @Override
    public void close() {
        writer.close();
        readers.shutdown();
        try {
            if (!readers.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("store readers still busy after 30 s; closing their connections");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(readerPool);
        closeQuietly(writerPool);
    }

    private <T> CompletableFuture<T> read(Query<T> query) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try (Connection connection = readerPool.getConnection()) {
                    return query.run(connection);
                } catch (SQLException e) {
                    throw new StorageException("read failed", e);
                }
            }, readers);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("the store is closed", e));
        }
    }

    private static void migrate(StorageConfig config) {
        Flyway.configure()
                .dataSource(config.jdbcUrl(), config.user(), config.password())
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    /**
     * The data directory and the database file, owner-only. SQLite gives its -wal, -shm and -journal
     * files the database file's permissions when it creates them; ones left by an older run are
     * tightened here.
     */
    private static void createDataDirectory(StorageConfig config) {
        config.sqliteFile().map(Path::toAbsolutePath).ifPresent(file -> {
            try {
                OwnerOnly.privateDirectory(file.getParent());
                OwnerOnly.file(file);
                for (String suffix : new String[] {"-wal", "-shm", "-journal"}) {
                    Path companion = file.resolveSibling(file.getFileName() + suffix);
                    if (Files.exists(companion)) {
                        OwnerOnly.tighten(companion);
                    }
                }
            } catch (IOException e) {
                throw new StorageException("cannot create the database file " + file + " owner-only: " + e, e);
            }
        });
    }

    private static ThreadFactory readerThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "parley-store-reader-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void closeQuietly(HikariDataSource pool) {
        if (pool != null) {
            pool.close();
        }
    }

    @FunctionalInterface
    private interface Query<T> {
        T run(Connection connection) throws SQLException;
    }
}
