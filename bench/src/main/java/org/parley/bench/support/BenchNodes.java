package org.parley.bench.support;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The server processes one measurement talks to: a single SQLite server (the scenarios' default), one
 * server on PostgreSQL, or several cluster nodes on one PostgreSQL schema and one bus channel, both
 * made for this set and removed when it closes. Node 1 is {@code servers().get(0)}. Nodes start one
 * after the other: the first creates the schema (Flyway), the next finds it made.
 *
 * <p>Not thread-safe: the benchmark's thread starts and closes it.
 */
public final class BenchNodes implements AutoCloseable {

    /** What to start: {@code nodes} 0 means the SQLite server, 1 one server on PostgreSQL (no bus), 2+ a cluster. */
    public record Plan(int nodes, PgDatabase database, String busUrl, String hashCost, List<String> serverJvm,
                       boolean tls) {

        public static Plan sqlite(String hashCost, List<String> serverJvm, boolean tls) {
            return new Plan(0, null, null, hashCost, serverJvm, tls);
        }

        /** How a table names this set. */
        public String label() {
            return switch (nodes) {
                case 0 -> "1 node, SQLite";
                case 1 -> "1 node, PostgreSQL";
                default -> nodes + " nodes, PostgreSQL + bus";
            };
        }

        public BenchNodes start(Path dir) throws Exception {
            return BenchNodes.start(this, dir);
        }
    }

    private final List<ServerProcess> servers;
    private final PgDatabase database;
    private final String schema;

    private BenchNodes(List<ServerProcess> servers, PgDatabase database, String schema) {
        this.servers = servers;
        this.database = database;
        this.schema = schema;
    }

    private static BenchNodes start(Plan plan, Path dir) throws Exception {
        if (plan.nodes() == 0) {
            return new BenchNodes(List.of(ServerProcess.start(dir, plan.hashCost(), plan.serverJvm(), plan.tls())), null,
                    null);
        }
        String schema = plan.database().createSchema();
        String bus = plan.nodes() > 1 ? withChannel(plan.busUrl(), schema) : null;
        List<ServerProcess> servers = new ArrayList<>();
        BenchNodes nodes = new BenchNodes(servers, plan.database(), schema);
        try {
            for (int i = 1; i <= plan.nodes(); i++) {
                List<String> args = new ArrayList<>(List.of("--db-url", plan.database().urlFor(schema),
                        "--db-password-env", "PARLEY_PG_PASSWORD"));
                if (plan.database().user() != null && !plan.database().user().isBlank()) {
                    args.addAll(List.of("--db-user", plan.database().user()));
                }
                if (bus != null) {
                    args.addAll(List.of("--cluster-bus", bus, "--node-id", "n" + i));
                }
                servers.add(ServerProcess.start(dir.resolve("node" + i), plan.hashCost(), plan.serverJvm(), plan.tls(), args));
            }
            return nodes;
        } catch (Exception e) {
            nodes.close();
            throw e;
        }
    }

    /** The bus URL with a channel of this set's own, so that concurrent runs on one broker do not hear each other. */
    static String withChannel(String busUrl, String schema) {
        return busUrl.contains("?") ? busUrl : busUrl + "?channel=" + schema;
    }

    /** Null when the bus (redis:// or nats://) accepts a connection, else why not; {@code postgres} is the database's. */
    public static String busUnavailable(String busUrl) {
        if (busUrl.startsWith("postgres")) {
            return null;
        }
        try {
            URI uri = URI.create(busUrl);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 2000);
            }
            return null;
        } catch (Exception e) {
            return "the bus " + busUrl + " does not answer: " + e.getMessage();
        }
    }

    public List<ServerProcess> servers() {
        return servers;
    }

    /** Node {@code i} (0 is node 1); with one node every index is that node. */
    public ServerProcess node(int i) {
        return servers.get(i % servers.size());
    }

    /** User + system CPU seconds of every node so far. */
    public double cpuSeconds() throws java.io.IOException {
        double sum = 0;
        for (ServerProcess s : servers) {
            sum += s.cpuSeconds();
        }
        return sum;
    }

    @Override
    public void close() throws SQLException {
        servers.forEach(ServerProcess::close);
        if (schema != null) {
            database.dropSchema(schema);
        }
    }
}
