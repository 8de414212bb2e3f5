package org.parley.server.storage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The contract against PostgreSQL (run {@code eval "$(.ci/postgres)"} first). Each test gets its own
 * schema, dropped afterwards, so tests never see each other's data.
 */
@EnabledIfEnvironmentVariable(named = "PARLEY_PG_URL", matches = ".+")
class PostgresStoreContractTest extends StoreContractTest {

    private final String url = System.getenv("PARLEY_PG_URL");
    private final String user = System.getenv("PARLEY_PG_USER");
    private final String password = System.getenv("PARLEY_PG_PASSWORD");
    private final String schema = "parley_test_" + UUID.randomUUID().toString().replace("-", "");

    @BeforeEach
    void createSchema() throws SQLException {
        execute("CREATE SCHEMA " + schema);
    }

    @AfterEach
    void dropSchema() throws SQLException {
        closeStores();
        execute("DROP SCHEMA " + schema + " CASCADE");
    }

    @Override
    StorageConfig config() {
        String separator = url.contains("?") ? "&" : "?";
        return StorageConfig.of(url + separator + "currentSchema=" + schema, user, password);
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
