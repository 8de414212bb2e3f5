package org.parley.bench.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The PostgreSQL server the cluster scenarios store into: each run gets a schema of its own
 * ({@code parley_bench_<random>}), made with JDBC before the nodes start and dropped after them, so no
 * run sees another's accounts or counters and nothing is left behind.
 */
public record PgDatabase(String url, String user, String password) {

    /** From {@code PARLEY_PG_URL}, {@code PARLEY_PG_USER} and {@code PARLEY_PG_PASSWORD} unless given. */
    public static PgDatabase fromEnvironment(String url, String user) {
        String password = System.getenv("PARLEY_PG_PASSWORD");
        return new PgDatabase(url != null ? url : System.getenv("PARLEY_PG_URL"),
                user != null ? user : System.getenv("PARLEY_PG_USER"), password == null ? "" : password);
    }

    /** Null when it answers; else why not, for the line that says what was skipped. */
    public String unavailable() {
        if (url == null || url.isBlank()) {
            return "no PostgreSQL URL (set PARLEY_PG_URL or pass --db-url)";
        }
        try (Connection c = connect()) {
            return null;
        } catch (SQLException e) {
            return "PostgreSQL at " + url + " does not answer: " + e.getMessage();
        }
    }

    /** Creates a fresh schema and returns its name. */
    public String createSchema() throws SQLException {
        String schema = "parley_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE SCHEMA " + schema);
        return schema;
    }

    public void dropSchema(String schema) throws SQLException {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    /** The URL a node is given: this database with {@code currentSchema} set. */
    public String urlFor(String schema) {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }
}
