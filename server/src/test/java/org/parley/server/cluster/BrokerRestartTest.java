package org.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker killed (SIGKILL) under two connected nodes and started again on the same port: each node
 * reports the loss once and the recovery once, and messages flow again. The broker is a private
 * process on a free port, never the shared service.
 */
abstract class BrokerRestartTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private PrivateServer server;
    private EngineBus a;
    private EngineBus b;

    abstract PrivateServer server(Path dir) throws Exception;

    abstract String scheme();

    @AfterEach
    void tearDown() throws Exception {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void lossAndRecoveryAreReportedOnceEachAndDeliveryResumes() throws Exception {
        server = server(dir);
        server.start();
        String url = scheme() + "://127.0.0.1:" + server.port();
        RecordingListener onA = new RecordingListener();
        RecordingListener onB = new RecordingListener();
        a = ClusterBuses.open(url, "a", null, null, null);
        b = ClusterBuses.open(url, "b", null, null, null);
        a.start(onA);
        b.start(onB);
        a.publish(text("before"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(onB.texts("before")).hasSize(1));

        server.kill();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(onA.lost).hasValue(1);
            assertThat(onB.lost).hasValue(1);
        });
        assertThat(a.connected()).isFalse();

        server.start();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(onA.reconnected).hasValue(1);
            assertThat(onB.reconnected).hasValue(1);
        });
        assertThat(a.connected()).isTrue();
        a.publish(text("after"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(onB.texts("after")).hasSize(1));
        assertThat(onA.lost).as("one loss, one report").hasValue(1);
        assertThat(onB.lost).hasValue(1);
    }
}
