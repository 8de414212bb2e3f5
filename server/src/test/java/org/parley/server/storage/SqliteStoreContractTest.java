package org.parley.server.storage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreContractTest extends StoreContractTest {

    @TempDir
    Path dataDir;

    @Override
    StorageConfig config() {
        return StorageConfig.sqlite(dataDir.resolve("nested/data"));
    }

    /** RAISE(ROLLBACK) ends the whole transaction, as SQLite itself does on SQLITE_FULL. */
    @Override
    void failInserts(String table) throws SQLException {
        execute("CREATE TRIGGER fault_" + table + " BEFORE INSERT ON " + table
                + " BEGIN SELECT RAISE(ROLLBACK, 'injected fault: database or disk is full'); END");
    }

    @Override
    void allowInserts(String table) throws SQLException {
        execute("DROP TRIGGER fault_" + table);
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(config().jdbcUrl());
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 10000");
            statement.execute(sql);
        }
    }
}
