package org.parley.bench.direct;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.parley.server.core.store.DirectMessageRecord;
import org.parley.server.core.store.Store;
import org.parley.server.storage.JdbcStore;
import org.parley.server.storage.StorageConfig;

/**
 * The storage side of durable direct messages without the network: the server's own store (group
 * commit through its single writer), and the same rows inserted in plain JDBC batches, one transaction
 * per batch, with the same schema and durability settings (the ceiling for this disk).
 */
public final class StoreCeiling {

    /** How many messages the store may have outstanding: enough that its writer always has a full batch. */
    private static final int STORE_IN_FLIGHT = 4096;

    public record Rate(long messages, double seconds) {
        public double perSecond() {
            return messages / seconds;
        }
    }

    private final int messages;
    private final int batch;

    StoreCeiling(int messages, int batch) {
        this.messages = messages;
        this.batch = batch;
    }

    Rate throughStore(Path dir) throws Exception {
        try (Store store = JdbcStore.open(StorageConfig.sqlite(dir))) {
            Semaphore inFlight = new Semaphore(STORE_IN_FLIGHT);
            CompletableFuture<?>[] all = new CompletableFuture<?>[messages];
            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                inFlight.acquire();
                all[i] = store.saveOfflineMessage(new DirectMessageRecord("dm" + (i & 63), "dm" + ((i & 63) ^ 1),
                        "m" + System.nanoTime(), System.currentTimeMillis())).whenComplete((id, e) -> inFlight.release());
            }
            CompletableFuture.allOf(all).get(120, TimeUnit.SECONDS);
            return new Rate(messages, (System.nanoTime() - start) / 1e9);
        }
    }

    Rate rawJdbc(Path dir) throws Exception {
        // the store creates the schema (Flyway) on a fresh file; then it steps aside
        JdbcStore.open(StorageConfig.sqlite(dir)).close();
        Path file = StorageConfig.sqlite(dir).sqliteFile().orElseThrow();
        if (!Files.exists(file)) {
            throw new IllegalStateException("no database file at " + file);
        }
        Properties props = new Properties();
        props.setProperty("journal_mode", "WAL");
        props.setProperty("synchronous", "FULL");
        try (Connection c = DriverManager.getConnection(StorageConfig.sqlite(dir).jdbcUrl(), props)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
            }
            c.setAutoCommit(false);
            long start = System.nanoTime();
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO direct_messages (id, sender, recipient, body, sent_at) VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < messages; i++) {
                    insert.setLong(1, i + 1L);
                    insert.setString(2, "dm" + (i & 63));
                    insert.setString(3, "dm" + ((i & 63) ^ 1));
                    insert.setString(4, "m" + System.nanoTime());
                    insert.setLong(5, System.currentTimeMillis());
                    insert.addBatch();
                    if ((i + 1) % batch == 0 || i == messages - 1) {
                        insert.executeBatch();
                        c.commit();
                    }
                }
            }
            return new Rate(messages, (System.nanoTime() - start) / 1e9);
        }
    }
}
