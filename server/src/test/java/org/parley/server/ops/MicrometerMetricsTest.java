package org.parley.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.parley.protocol.Event;
import org.parley.protocol.Request;
import org.parley.server.core.bus.ClusterBus;
import org.parley.server.core.bus.ClusterEvent;
import org.parley.server.core.metrics.LoginFailure;
import org.parley.server.storage.StoreStatusFixture;

/** The core's metrics as Prometheus scrapes them. */
class MicrometerMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MicrometerMetrics metrics = new MicrometerMetrics(registry);

    @Test
    void countersAndTheSessionGaugeAppearUnderTheirPrometheusNames() {
        metrics.sessions(3);
        metrics.loggedIn();
        metrics.loggedIn();
        metrics.loginFailed(LoginFailure.WRONG_PASSWORD);
        metrics.command(Request.SendMessage.class);
        metrics.command(Request.SendMessage.class);
        metrics.command(Request.Ack.class);
        metrics.delivered(Event.BroadcastReceived.class, 999);
        metrics.delivered(Event.MessageReceived.class, 1);
        metrics.transferAuthorised();
        metrics.slowReaderCutOff();

        assertThat(registry.scrape()).contains(
                "parley_sessions 3.0",
                "parley_logins_total 2.0",
                "parley_login_failures_total{reason=\"wrong_password\"} 1.0",
                "parley_commands_total{type=\"SendMessage\"} 2.0",
                "parley_commands_total{type=\"Ack\"} 1.0",
                "parley_deliveries_total{event=\"BroadcastReceived\"} 999.0",
                "parley_deliveries_total{event=\"MessageReceived\"} 1.0",
                "parley_transfers_authorised_total 1.0",
                "parley_slow_reader_cutoffs_total 1.0");
    }

    @Test
    void everyLoginFailureReasonIsThereFromTheStartAtZero() {
        String scrape = registry.scrape();
        for (LoginFailure reason : LoginFailure.values()) {
            assertThat(scrape).contains("parley_login_failures_total{reason=\"" + reason.label() + "\"} 0.0");
        }
    }

    @Test
    void fanOutAndCommitTimesAreHistogramsWithBuckets() {
        StoreStatusFixture store = new StoreStatusFixture();
        metrics.bindStore(store.status());
        metrics.fannedOut(1000, 250_000);
        store.commit(2_000_000);
        store.commit(3_000_000);

        String scrape = registry.scrape();
        assertThat(scrape).contains("parley_fanout_seconds_count 1", "parley_store_commit_seconds_count 2",
                "parley_fanout_seconds_bucket{le=\"+Inf\"} 1", "parley_store_commit_seconds_bucket{le=\"+Inf\"} 2");
        assertThat(scrape).contains("parley_fanout_seconds_bucket{le=\"1.0E-5\"} 0",
                "parley_fanout_seconds_bucket{le=\"2.5E-4\"} 1", "parley_store_commit_seconds_bucket{le=\"0.0025\"} 1",
                "parley_store_commit_seconds_bucket{le=\"10.0\"} 2");
    }

    @Test
    void theStoreQueueAndItsHealthAreGauges() {
        StoreStatusFixture store = new StoreStatusFixture();
        metrics.bindStore(store.status());
        assertThat(registry.scrape()).contains("parley_store_queued_writes 0.0", "parley_store_failing 0.0");

        store.fail(new SQLException("disk full"));
        assertThat(registry.scrape()).contains("parley_store_failing 1.0");
    }

    @Test
    void aClusterNodesTrafficAndBusAppearUnderTheirPrometheusNames() {
        java.util.concurrent.atomic.AtomicBoolean up = new java.util.concurrent.atomic.AtomicBoolean(true);
        metrics.bindBus(new FakeBus(up));
        metrics.clusterPublished(ClusterEvent.BroadcastCommitted.class);
        metrics.clusterPublished(ClusterEvent.BroadcastCommitted.class);
        metrics.clusterReceived(ClusterEvent.UserOnline.class);
        metrics.clusterUndecodable();
        metrics.clusterBusLost();
        metrics.clusterCaughtUp(5);
        metrics.remoteSessions(7);
        metrics.claimsReleased(3);

        assertThat(registry.scrape()).contains(
                "parley_cluster_events_published_total{event=\"BroadcastCommitted\"} 2.0",
                "parley_cluster_events_received_total{event=\"UserOnline\"} 1.0",
                "parley_cluster_events_undecodable_total 1.0",
                "parley_cluster_bus_losses_total 1.0",
                "parley_cluster_catch_ups_total 1.0",
                "parley_cluster_events_republished_total 5.0",
                "parley_cluster_remote_sessions 7.0",
                "parley_cluster_claims_released_total 3.0",
                "parley_cluster_bus_connected{engine=\"test\"} 1.0");
        up.set(false);
        assertThat(registry.scrape()).contains("parley_cluster_bus_connected{engine=\"test\"} 0.0");
    }

    /** A bus whose connection the test sets. */
    private record FakeBus(java.util.concurrent.atomic.AtomicBoolean up) implements ClusterBus {
        @Override
        public String engine() {
            return "test";
        }

        @Override
        public int maxPayloadBytes() {
            return 100;
        }

        @Override
        public void start(Listener listener) { }

        @Override
        public void publish(byte[] payload) { }

        @Override
        public boolean connected() {
            return up.get();
        }

        @Override
        public void close() { }
    }
}
