package org.parley.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDurabilityTest {

    @TempDir
    Path dir;

    @Test
    void writerCommitsAreFsyncedWalWithForeignKeysEnforced() throws SQLException {
        StorageConfig config = StorageConfig.sqlite(dir);
        try (HikariDataSource writer = DataSources.writer(config); Connection connection = writer.getConnection()) {
            assertThat(pragma(connection, "journal_mode")).isEqualTo("wal");
            assertThat(pragma(connection, "synchronous")).isEqualTo("2"); // FULL
            assertThat(pragma(connection, "busy_timeout")).isEqualTo("10000");
            assertThat(pragma(connection, "foreign_keys")).isEqualTo("1");
            assertThat(connection.getAutoCommit()).isFalse();
        }
    }

    @Test
    void openCreatesTheDataDirectory() {
        Path data = dir.resolve("a/b/c");
        JdbcStore.open(StorageConfig.sqlite(data)).close();
        assertThat(Files.exists(data.resolve("parley.db"))).isTrue();
    }

    @Test
    void anUnusableDatabaseFailsToOpenWithAClearError() throws Exception {
        Path notADatabase = dir.resolve("parley.db");
        Files.writeString(notADatabase, "this is not a database file, just text that is long enough to matter");
        assertThatThrownBy(() -> JdbcStore.open(StorageConfig.sqlite(dir)))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("cannot open the store");
    }

    private static String pragma(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("PRAGMA " + name)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
