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

    /** 53100 is PostgreSQL's disk_full; the error aborts the writer's transaction. */
    @Override
    void failInserts(String table) throws SQLException {
        execute("CREATE OR REPLACE FUNCTION " + schema + ".injected_fault() RETURNS trigger LANGUAGE plpgsql AS "
                + "$$ BEGIN RAISE EXCEPTION 'injected fault: disk full' USING ERRCODE = '53100'; END $$");
        execute("CREATE TRIGGER fault_" + table + " BEFORE INSERT ON " + schema + "." + table
                + " FOR EACH ROW EXECUTE FUNCTION " + schema + ".injected_fault()");
    }

    @Override
    void allowInserts(String table) throws SQLException {
        execute("DROP TRIGGER fault_" + table + " ON " + schema + "." + table);
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
