package org.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The listening connection cut off by the database ({@code pg_terminate_backend}, what an operator or
 * a failover does): the node reports the loss once and the recovery once, and hears the others again.
 * The shared PostgreSQL keeps running; only that one backend goes.
 */
class PostgresBusReconnectTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private PostgresBus a;
    private PostgresBus b;

    @AfterEach
    void tearDown() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @Test
    void aTerminatedListeningConnectionIsReportedOnceAndReplaced() throws Exception {
        String url = Engines.pgUrl();
        String bus = "postgres?channel=t" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        a = (PostgresBus) ClusterBuses.open(bus, "a", url, Engines.pgUser(), Engines.pgPassword());
        b = (PostgresBus) ClusterBuses.open(bus, "b", url, Engines.pgUser(), Engines.pgPassword());
        RecordingListener onA = new RecordingListener();
        RecordingListener onB = new RecordingListener();
        a.start(onA);
        b.start(onB);
        int pid = a.listeningBackendPid();
        assertThat(pid).isPositive();

        try (Connection admin = DriverManager.getConnection(url, Engines.pgUser(), Engines.pgPassword());
                PreparedStatement kill = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
            kill.setInt(1, pid);
            try (ResultSet rs = kill.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean(1)).as("backend %d terminated", pid).isTrue();
            }
        }

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(onA.lost).hasValue(1);
            assertThat(onA.reconnected).hasValue(1);
        });
        assertThat(a.connected()).isTrue();
        assertThat(a.listeningBackendPid()).isNotEqualTo(pid);
        b.publish("after".getBytes(StandardCharsets.UTF_8));
        await().atMost(WAIT).untilAsserted(() -> assertThat(onA.texts("after")).hasSize(1));
        assertThat(onA.lost).hasValue(1);
        assertThat(onB.lost).as("the other node's connection was not touched").hasValue(0);
    }
}
