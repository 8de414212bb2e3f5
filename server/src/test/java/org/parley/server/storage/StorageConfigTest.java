package org.parley.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StorageConfigTest {

    @Test
    void sqliteDefaultIsParleyDbInTheDataDirectory() {
        StorageConfig config = StorageConfig.sqlite(Path.of("/var/parley"));

        assertThat(config.jdbcUrl()).isEqualTo("jdbc:sqlite:/var/parley/parley.db");
        assertThat(config.isSqlite()).isTrue();
        assertThat(config.sqliteFile()).contains(Path.of("/var/parley/parley.db"));
        assertThat(config.maxBatchSize()).isEqualTo(StorageConfig.DEFAULT_MAX_BATCH_SIZE);
    }

    @Test
    void onlyFileBackedSqliteHasAFile() {
        assertThat(StorageConfig.of("jdbc:sqlite:/d/x.db?foo=bar", null, null).sqliteFile()).contains(Path.of("/d/x.db"));
        assertThat(StorageConfig.of("jdbc:sqlite::memory:", null, null).sqliteFile()).isEmpty();
        assertThat(StorageConfig.of("jdbc:postgresql://h/db", "u", "p").sqliteFile()).isEmpty();
        assertThat(StorageConfig.of("jdbc:postgresql://h/db", "u", "p").isSqlite()).isFalse();
    }

    @Test
    void thePasswordIsNeverPrinted() {
        assertThat(StorageConfig.of("jdbc:postgresql://h/db", "u", "s3cret").toString()).doesNotContain("s3cret");
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThatThrownBy(() -> StorageConfig.of(" ", null, null)).isInstanceOf(IllegalArgumentException.class);
        StorageConfig config = StorageConfig.sqlite(Path.of("d"));
        assertThatThrownBy(() -> config.withMaxBatchSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config.withReaderThreads(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
