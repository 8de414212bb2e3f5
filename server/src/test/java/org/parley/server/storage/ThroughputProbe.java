package org.parley.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.parley.server.core.store.DirectMessageRecord;
import org.parley.server.core.store.Store;

/**
 * Not a test of speed (nothing is timed against a limit): prints how many committed writes per second
 * the store sustains with several submitting threads. Run with PARLEY_STORE_THROUGHPUT=1 (and
 * PARLEY_PG_URL... to measure PostgreSQL as well).
 */
@EnabledIfEnvironmentVariable(named = "PARLEY_STORE_THROUGHPUT", matches = ".+")
class ThroughputProbe {

    private static final int THREADS = 4;
    private static final int PER_THREAD = 25_000;

    @TempDir
    Path dir;

    @Test
    void sqlite() throws Exception {
        measure("sqlite", StorageConfig.sqlite(dir));
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "PARLEY_PG_URL", matches = ".+")
    void postgres() throws Exception {
        PostgresStoreContractTest schema = new PostgresStoreContractTest();
        schema.createSchema();
        try {
            measure("postgres", schema.config());
        } finally {
            schema.dropSchema();
        }
    }

    private static void measure(String name, StorageConfig config) throws Exception {
        try (Store store = JdbcStore.open(config)) {
            long start = System.nanoTime();
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            List<CompletableFuture<Long>> last = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                CompletableFuture<Long> done = new CompletableFuture<>();
                last.add(done);
                threads.execute(() -> {
                    CompletableFuture<Long> future = null;
                    for (int i = 0; i < PER_THREAD; i++) {
                        future = store.saveOfflineMessage(new DirectMessageRecord("u" + thread, "bob", "message " + i, i));
                    }
                    future.whenComplete((id, e) -> {
                        if (e != null) {
                            done.completeExceptionally(e);
                        } else {
                            done.complete(id);
                        }
                    });
                });
            }
            CompletableFuture.allOf(last.toArray(CompletableFuture[]::new)).get(300, TimeUnit.SECONDS);
            threads.shutdown();
            double seconds = (System.nanoTime() - start) / 1e9;
            int total = THREADS * PER_THREAD;
            System.out.printf("%s: %d committed writes in %.2f s = %.0f writes/s%n", name, total, seconds, total / seconds);
            assertThat(store.pendingMessages("bob", 0, Integer.MAX_VALUE).get(60, TimeUnit.SECONDS)).hasSize(total);
        }
    }
}
