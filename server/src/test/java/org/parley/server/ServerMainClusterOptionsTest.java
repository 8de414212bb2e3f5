package org.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** --cluster-bus and --node-id: refused clearly unless they make a node of a PostgreSQL cluster. */
class ServerMainClusterOptionsTest {

    private static String errorOf(String... args) {
        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(ServerMain.run(args)).isEqualTo(1);
        } finally {
            System.setErr(originalErr);
        }
        return err.toString(StandardCharsets.UTF_8).strip();
    }

    @Test
    void clusterModeNeedsThePostgresStore() {
        assertThat(errorOf("--cluster-bus", "nats://127.0.0.1:4222", "--node-id", "n1")).isEqualTo(
                "Error. Cluster mode needs the PostgreSQL store the nodes share: give --db-url jdbc:postgresql://host/database");
        assertThat(errorOf("--cluster-bus", "nats://127.0.0.1:4222", "--node-id", "n1", "--db-url",
                "jdbc:sqlite:x.db")).startsWith("Error. Cluster mode needs the PostgreSQL store");
    }

    @Test
    void theTwoOptionsGoTogether() {
        assertThat(errorOf("--cluster-bus", "redis://127.0.0.1:6379")).startsWith(
                "Error. --cluster-bus and --node-id go together");
        assertThat(errorOf("--node-id", "n1")).startsWith("Error. --cluster-bus and --node-id go together");
    }

    @Test
    void aNodeIdIsAPlainName() {
        assertThat(errorOf("--cluster-bus", "postgres", "--node-id", "no spaces", "--db-url",
                "jdbc:postgresql://127.0.0.1/test")).startsWith("Error. Invalid --node-id 'no spaces'");
    }
}
