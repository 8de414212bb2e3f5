package org.parley.server.storage;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the store lives and how its writer batches. {@code user} and {@code password} may be null
 * (SQLite needs neither). {@code maxBatchSize} bounds how many queued writes share one transaction;
 * {@code readerThreads} is the size of the read pool (and of its connection pool). {@code clusterNode}
 * null is a single server; otherwise this store is that node's, one of several sharing a PostgreSQL
 * database: numbers come from the database inside each commit ({@code counters}) and the writer's own
 * state is kept per node ({@code node_state}).
 */
public record StorageConfig(String jdbcUrl, String user, String password, int maxBatchSize, int readerThreads,
        String clusterNode) {

    public static final int DEFAULT_MAX_BATCH_SIZE = 512;
    public static final int DEFAULT_READER_THREADS = 2;

    private static final String SQLITE_PREFIX = "jdbc:sqlite:";

    public StorageConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (jdbcUrl.isBlank()) {
            throw new IllegalArgumentException("jdbcUrl is blank");
        }
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1: " + maxBatchSize);
        }
        if (readerThreads < 1) {
            throw new IllegalArgumentException("readerThreads must be at least 1: " + readerThreads);
        }
        if (clusterNode != null && jdbcUrl.startsWith(SQLITE_PREFIX)) {
            throw new IllegalArgumentException("cluster mode needs PostgreSQL, not SQLite");
        }
    }

    public StorageConfig(String jdbcUrl, String user, String password, int maxBatchSize, int readerThreads) {
        this(jdbcUrl, user, password, maxBatchSize, readerThreads, null);
    }

    /** The default embedded database: {@code <dataDir>/parley.db}. */
    public static StorageConfig sqlite(Path dataDir) {
        Path file = dataDir.resolve("parley.db").toAbsolutePath();
        return of(SQLITE_PREFIX + file, null, null);
    }

    /** Any JDBC URL (SQLite or PostgreSQL) with default batching. */
    public static StorageConfig of(String jdbcUrl, String user, String password) {
        return new StorageConfig(jdbcUrl, user, password, DEFAULT_MAX_BATCH_SIZE, DEFAULT_READER_THREADS);
    }

    public StorageConfig withMaxBatchSize(int size) {
        return new StorageConfig(jdbcUrl, user, password, size, readerThreads, clusterNode);
    }

    public StorageConfig withReaderThreads(int threads) {
        return new StorageConfig(jdbcUrl, user, password, maxBatchSize, threads, clusterNode);
    }

    /** The store of one node of a cluster (PostgreSQL only). */
    public StorageConfig withClusterNode(String node) {
        return new StorageConfig(jdbcUrl, user, password, maxBatchSize, readerThreads, node);
    }

    public boolean isClusterNode() {
        return clusterNode != null;
    }

    public boolean isSqlite() {
        return jdbcUrl.startsWith(SQLITE_PREFIX);
    }

    /** The database file of a file-backed SQLite URL; empty for in-memory SQLite and other databases. */
    public Optional<Path> sqliteFile() {
        if (!isSqlite()) {
            return Optional.empty();
        }
        String rest = jdbcUrl.substring(SQLITE_PREFIX.length());
        int query = rest.indexOf('?');
        String location = query < 0 ? rest : rest.substring(0, query);
        if (location.isEmpty() || location.startsWith(":memory:") || location.startsWith("file:")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(location));
    }

    @Override
    public String toString() {
        return "StorageConfig[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=" + (password == null ? "none" : "***")
                + ", maxBatchSize=" + maxBatchSize + ", readerThreads=" + readerThreads
                + (clusterNode == null ? "" : ", clusterNode=" + clusterNode) + "]";
    }
}
