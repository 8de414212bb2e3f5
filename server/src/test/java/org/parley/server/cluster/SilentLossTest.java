package org.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A broker connection that goes silent without closing (frozen by a relay, as a cut cable would
 * look): the adapter's pings find it, report the loss once, reconnect once the path is back, and
 * report the recovery once. What the cut-off node publishes meanwhile waits in its outbox and goes
 * out, in order, once it is back; what does not fit is dropped and counted. The broker is the
 * configured one; only the relay is frozen.
 */
class SilentLossTest {

    private static final Duration PING = Duration.ofMillis(200);
    private static final Duration WAIT = Duration.ofSeconds(40);
    /** A tiny outbox, so that what is published while cut off overflows it. */
    private static final int OUTBOX = 4;

    private FreezableRelay relay;
    private EngineBus cutOff;
    private EngineBus other;

    @AfterEach
    void tearDown() throws Exception {
        if (cutOff != null) {
            cutOff.close();
        }
        if (other != null) {
            other.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    private static String channel() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    @Test
    void natsFindsASilentConnectionByItsPings() throws Exception {
        URI uri = URI.create(Engines.natsUrl());
        String channel = channel();
        relay = new FreezableRelay(uri.getHost(), uri.getPort());
        cutOff = new NatsBus("nats://127.0.0.1:" + relay.port(), channel, "cut", Backoff.DEFAULT, OUTBOX, PING);
        other = ClusterBuses.open(Engines.withChannel(uri.toString(), channel), "other", null, null, null);
        goSilentAndComeBack();
    }

    @Test
    void redisFindsASilentSubscriptionByItsPings() throws Exception {
        URI uri = URI.create(Engines.redisUrl());
        String channel = channel();
        relay = new FreezableRelay(uri.getHost(), uri.getPort());
        cutOff = new RedisBus("127.0.0.1", relay.port(), channel, "cut", Backoff.DEFAULT, OUTBOX, PING);
        other = ClusterBuses.open(Engines.withChannel(uri.toString(), channel), "other", null, null, null);
        goSilentAndComeBack();
    }

    private void goSilentAndComeBack() throws Exception {
        RecordingListener heard = new RecordingListener();
        RecordingListener onOther = new RecordingListener();
        cutOff.start(heard);
        other.start(onOther);
        other.publish("before".getBytes(StandardCharsets.UTF_8));
        await().atMost(WAIT).untilAsserted(() -> assertThat(heard.texts("before")).hasSize(1));

        relay.freeze();
        await().atMost(WAIT).untilAsserted(() -> assertThat(heard.lost).hasValue(1));
        assertThat(cutOff.connected()).isFalse();
        int published = 20;
        for (int i = 0; i < published; i++) {
            cutOff.publish(String.format("held-%02d", i).getBytes(StandardCharsets.UTF_8));
        }
        long dropped = cutOff.droppedPublishes();
        // the outbox holds 4, and the publisher thread may hold one batch of up to 4 it took just before
        assertThat(dropped).as("dropped while cut off").isBetween((long) published - 2 * OUTBOX, (long) published);

        relay.thaw();
        await().atMost(WAIT).untilAsserted(() -> assertThat(heard.reconnected).hasValue(1));
        other.publish("after".getBytes(StandardCharsets.UTF_8));
        await().atMost(WAIT).untilAsserted(() -> assertThat(heard.texts("after")).hasSize(1));
        assertThat(heard.lost).as("one loss, one report").hasValue(1);
        await().atMost(WAIT).untilAsserted(() -> assertThat(onOther.texts("held-")).hasSize((int) (published - dropped)));
        assertThat(onOther.texts("held-")).as("in publish order").isSorted();
        assertThat(cutOff.droppedPublishes()).isEqualTo(dropped);
    }
}
