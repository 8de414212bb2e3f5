package org.parley.server.storage;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A node's sign of life that PostgreSQL itself keeps: a connection of its own holding a session-level
 * advisory lock under a random key, for as long as the node runs. When the node's process ends, however
 * it ends (SIGKILL included), its kernel closes the connection, PostgreSQL ends the backend and the lock
 * is gone within moments; the other nodes see that in {@code pg_locks} and take the node for dead at once
 * instead of waiting for its lease to run out. A machine cut off from the network closes nothing, so the
 * lease stays the rule there.
 *
 * <p>The line also records which database instance holds it ({@link #INSTANCE_EPOCH}, the server's start
 * time): a restart or a failover to a standby ends every node's line at once, and those lines say
 * nothing about the nodes until each has taken a new one on the new instance.
 *
 * <p>The key is random (63 bits) rather than taken from a sequence because advisory locks belong to the
 * database, not the schema: two clusters in two schemas of one database, as the tests run, must not
 * share keys. A key someone else holds is refused by {@code pg_try_advisory_lock} and another is drawn.
 *
 * <p>Thread-safe: every method holds this object's lock (the directory calls it from its own thread, and
 * from the caller's at join and leave).
 */
final class NodeLifeLine implements AutoCloseable {

    /** SQL for the database instance serving the query: its server's start, in microseconds since 1970. */
    static final String INSTANCE_EPOCH = "(extract(epoch FROM pg_postmaster_start_time()) * 1000000)::bigint";

    private static final int VALID_TIMEOUT_SECONDS = 2;
    private static final int KEY_ATTEMPTS = 8;

    private final StorageConfig config;
    private final SecureRandom random = new SecureRandom();
    private Connection connection;
    private long key;
    private long epoch;
    private int backendPid;

    NodeLifeLine(StorageConfig config) {
        this.config = config;
    }

    /**
     * Makes sure the lock is held, opening a new connection and taking a new key if the last one broke.
     * Returns true if it was not held (never opened, or lost: other nodes may have taken this node for
     * dead meanwhile).
     */
    synchronized boolean ensureHeld() throws SQLException {
        if (connection != null && connection.isValid(VALID_TIMEOUT_SECONDS)) {
            return false;
        }
        closeQuietly();
        Connection opened = open();
        try {
            key = lock(opened);
            describe(opened);
        } catch (SQLException | RuntimeException e) {
            try {
                opened.close();
            } catch (SQLException close) {
                e.addSuppressed(close);
            }
            throw e;
        }
        connection = opened;
        return true;
    }

    /** The key of the lock held (valid after {@link #ensureHeld}). */
    synchronized long key() {
        return key;
    }

    /** The database instance the lock is held on, as {@link #INSTANCE_EPOCH} gives it. */
    synchronized long epoch() {
        return epoch;
    }

    /** The server process of the connection holding the lock (for tests that cut it). */
    synchronized int backendPid() {
        return backendPid;
    }

    /** Ends the connection, and with it the lock. */
    @Override
    public synchronized void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // a broken connection: the lock went with it, which is all closing is for
        }
        connection = null;
    }

    private Connection open() throws SQLException {
        Properties properties = new Properties();
        if (config.user() != null) {
            properties.setProperty("user", config.user());
        }
        if (config.password() != null) {
            properties.setProperty("password", config.password());
        }
        properties.setProperty("ApplicationName", "parley node life line");
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("tcpKeepAlive", "true");
        Connection c = DriverManager.getConnection(config.jdbcUrl(), properties);
        c.setAutoCommit(true); // a session lock: no transaction must stay open for it
        return c;
    }

    private long lock(Connection c) throws SQLException {
        try (PreparedStatement take = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            for (int attempt = 0; attempt < KEY_ATTEMPTS; attempt++) {
                long candidate = random.nextLong() & Long.MAX_VALUE;
                take.setLong(1, candidate);
                try (ResultSet row = take.executeQuery()) {
                    if (row.next() && row.getBoolean(1)) {
                        return candidate;
                    }
                }
            }
        }
        throw new SQLException("no free advisory lock key after " + KEY_ATTEMPTS + " random draws");
    }

    private void describe(Connection c) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT pg_backend_pid(), " + INSTANCE_EPOCH);
                ResultSet row = query.executeQuery()) {
            row.next();
            backendPid = row.getInt(1);
            epoch = row.getLong(2);
        }
    }
}
