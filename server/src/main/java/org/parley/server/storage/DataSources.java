package org.parley.server.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.DriverDataSource;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * Connection pools for the writer (one connection, manual commit) and the readers.
 *
 * <p>SQLite durability: WAL journal (readers never block the writer and see only committed data) with
 * {@code synchronous=FULL}, so every commit fsyncs the WAL before it returns: a commit acknowledged to
 * a user survives a crash of the process and a loss of power. {@code busy_timeout} makes a connection
 * wait for a lock instead of failing at once. PostgreSQL is durable on commit with its defaults
 * ({@code synchronous_commit=on}, {@code fsync=on}).
 *
 * <p>The writer's pool is only ever asked for a fresh connection after a failure: the writer evicts a
 * connection that saw any error (see {@link GroupCommitWriter}).
 */
final class DataSources {

    private static final int SQLITE_BUSY_TIMEOUT_MILLIS = 10_000;

    private DataSources() {}

    static HikariDataSource writer(StorageConfig config) {
        return new HikariDataSource(writerConfig(config));
    }

    /**
     * The writer's pool over connections that {@code driver} may wrap (tests inject faults this way,
     * below the pool, where a real driver's errors come from).
     */
    static HikariDataSource writer(StorageConfig config, UnaryOperator<DataSource> driver) {
        HikariConfig hikari = writerConfig(config);
        hikari.setDataSource(driver.apply(new DriverDataSource(config.jdbcUrl(), null,
                hikari.getDataSourceProperties(), config.user(), config.password())));
        return new HikariDataSource(hikari);
    }

    private static HikariConfig writerConfig(StorageConfig config) {
        HikariConfig hikari = base(config, "parley-store-writer");
        hikari.setMaximumPoolSize(1);
        hikari.setMinimumIdle(1);
        hikari.setAutoCommit(false);
        return hikari;
    }

    static HikariDataSource readers(StorageConfig config) {
        HikariConfig hikari = base(config, "parley-store-readers");
        hikari.setMaximumPoolSize(config.readerThreads());
        hikari.setMinimumIdle(1);
        hikari.setAutoCommit(true);
        return new HikariDataSource(hikari);
    }

    /** The cluster directory's: its own two connections, manual commit (see {@code JdbcClusterDirectory}). */
    static HikariDataSource directory(StorageConfig config) {
        HikariConfig hikari = base(config, "parley-cluster-directory");
        hikari.setMaximumPoolSize(2);
        hikari.setMinimumIdle(1);
        hikari.setAutoCommit(false);
        return new HikariDataSource(hikari);
    }

    private static HikariConfig base(StorageConfig config, String poolName) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(poolName);
        hikari.setJdbcUrl(config.jdbcUrl());
        if (config.user() != null) {
            hikari.setUsername(config.user());
        }
        if (config.password() != null) {
            hikari.setPassword(config.password());
        }
        if (config.isSqlite()) {
            hikari.addDataSourceProperty("journal_mode", "WAL");
            hikari.addDataSourceProperty("synchronous", "FULL");
            hikari.addDataSourceProperty("busy_timeout", String.valueOf(SQLITE_BUSY_TIMEOUT_MILLIS));
            hikari.addDataSourceProperty("foreign_keys", "true");
            // Ids are assigned by the writer; fetching "generated keys" costs a regex and a query per insert.
            hikari.addDataSourceProperty("jdbc.get_generated_keys", "false");
        }
        return hikari;
    }
}
