package org.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.server.core.bus.ClusterBus;

/**
 * What every engine's adapter must do, against a real engine. Each test uses a channel of its own, so
 * runs sharing one engine (other builds on the same machine) never see each other's messages.
 * Subclasses skip, with the reason, when their engine is not configured or does not answer.
 */
abstract class BusContractTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final List<EngineBus> opened = new ArrayList<>();
    String channel;

    /** Skips the test (an assumption) unless the engine is configured and answers. */
    abstract void assumeEngine();

    /** A bus URL for {@link ClusterBuses#open}, with {@code ?channel=} of the given channel. */
    abstract String busUrl(String channel);

    String dbUrl() {
        return null;
    }

    String dbUser() {
        return null;
    }

    String dbPassword() {
        return null;
    }

    @BeforeEach
    void setUpChannel() {
        assumeEngine();
        channel = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    @AfterEach
    void closeBuses() {
        opened.forEach(EngineBus::close);
    }

    EngineBus open(String nodeId) {
        EngineBus bus = ClusterBuses.open(busUrl(channel), nodeId, dbUrl(), dbUser(), dbPassword());
        opened.add(bus);
        return bus;
    }

    EngineBus started(String nodeId, ClusterBus.Listener listener) throws Exception {
        EngineBus bus = open(nodeId);
        bus.start(listener);
        assertThat(bus.connected()).as("connected once started").isTrue();
        return bus;
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void twoNodesSeeEachOthersMessagesInPublishOrder() throws Exception {
        RecordingListener onA = new RecordingListener();
        RecordingListener onB = new RecordingListener();
        EngineBus a = started("a", onA);
        EngineBus b = started("b", onB);
        List<String> fromA = new ArrayList<>();
        List<String> fromB = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            fromA.add("a-" + i);
            fromB.add("b-" + i);
            a.publish(text("a-" + i));
            b.publish(text("b-" + i));
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(onB.texts("a-")).containsExactlyElementsOf(fromA));
        await().atMost(WAIT).untilAsserted(() -> assertThat(onA.texts("b-")).containsExactlyElementsOf(fromB));
        assertThat(a.droppedPublishes()).isZero();
        assertThat(b.droppedPublishes()).isZero();
        assertThat(onA.lost).hasValue(0);
        assertThat(onA.reconnected).hasValue(0);
    }

    @Test
    void identicalPayloadsEachArrive() throws Exception {
        RecordingListener onB = new RecordingListener();
        EngineBus a = started("a", new RecordingListener());
        started("b", onB);
        for (int i = 0; i < 5; i++) {
            a.publish(text("same"));
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(onB.texts("same")).hasSize(5));
    }

    @Test
    void payloadAtTheLimitRoundTripsAndOneByteMoreIsRejected() throws Exception {
        RecordingListener onB = new RecordingListener();
        EngineBus a = started("a", new RecordingListener());
        started("b", onB);
        int max = a.maxPayloadBytes();
        byte[] payload = new byte[max];
        new Random(42).nextBytes(payload);
        a.publish(payload);
        await().atMost(WAIT).untilAsserted(() -> assertThat(onB.received).anySatisfy(
                got -> assertThat(got).isEqualTo(payload)));
        assertThatThrownBy(() -> a.publish(new byte[max + 1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(max))
                .hasMessageContaining(a.engine());
    }

    @Test
    void closeIsIdempotentAndLaterPublishesAreCountedAsDropped() throws Exception {
        EngineBus a = started("a", new RecordingListener());
        a.close();
        a.close();
        assertThat(a.connected()).isFalse();
        long before = a.droppedPublishes();
        a.publish(text("after close"));
        assertThat(a.droppedPublishes()).isEqualTo(before + 1);
    }

    @Test
    void aListenerThatThrowsDoesNotStopDelivery() throws Exception {
        AtomicBoolean thrown = new AtomicBoolean();
        RecordingListener recorder = new RecordingListener();
        ClusterBus.Listener faulty = new ClusterBus.Listener() {
            @Override
            public void received(byte[] payload) {
                if (new String(payload, StandardCharsets.UTF_8).startsWith("x-") && thrown.compareAndSet(false, true)) {
                    throw new IllegalStateException("listener fault injected by the test");
                }
                recorder.received(payload);
            }

            @Override
            public void connectionLost(Throwable cause) {
                recorder.connectionLost(cause);
            }

            @Override
            public void reconnected() {
                recorder.reconnected();
            }
        };
        EngineBus a = started("a", new RecordingListener());
        EngineBus b = started("b", faulty);
        for (int i = 0; i < 10; i++) {
            a.publish(text("x-" + i));
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(recorder.texts("x-")).hasSize(9).last().isEqualTo("x-9"));
        assertThat(thrown).isTrue();
        assertThat(b.connected()).isTrue();
    }
}
