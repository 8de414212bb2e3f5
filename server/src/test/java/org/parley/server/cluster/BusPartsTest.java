package org.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.server.core.bus.ClusterBus;

/** The pieces the three adapters share: outbox, link reporting, backoff, the NOTIFY payload. */
class BusPartsTest {

    @Test
    void outboxDropsAndCountsWhatDoesNotFitAndGivesTheRestInOrder() {
        Outbox outbox = new Outbox("test", 3);
        for (int i = 0; i < 5; i++) {
            outbox.offer(new byte[] {(byte) i});
        }
        assertThat(outbox.dropped()).isEqualTo(2);
        List<byte[]> batch = outbox.take(10, 0);
        assertThat(batch).extracting(b -> b[0]).containsExactly((byte) 0, (byte) 1, (byte) 2);
        assertThat(outbox.take(10, 0)).isEmpty();
        outbox.offer(new byte[] {9});
        outbox.discard("closing");
        assertThat(outbox.dropped()).isEqualTo(3);
    }

    @Test
    void aStoppingPublisherSendsWhatIsQueuedBeforeItEnds() throws Exception {
        Outbox outbox = new Outbox("test", 100);
        java.util.concurrent.CountDownLatch inFirstSend = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch carryOn = new java.util.concurrent.CountDownLatch(1);
        List<Byte> sent = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        PublishLoop loop = new PublishLoop("test", "n1", outbox, new PublishLoop.Sender() {
            @Override
            public void connect() { }

            @Override
            public void send(List<byte[]> batch) throws Exception {
                inFirstSend.countDown();
                carryOn.await();
                batch.forEach(b -> sent.add(b[0]));
            }

            @Override
            public void disconnect() { }
        }, Backoff.DEFAULT, 4, 60_000); // a drain bound no stalled machine reaches: the test releases the send
        loop.start();
        outbox.offer(new byte[] {0});
        assertThat(inFirstSend.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        for (int i = 1; i < 10; i++) {
            outbox.offer(new byte[] {(byte) i}); // a node's last words, queued behind a slow send
        }

        Thread stopper = new Thread(loop::stop);
        stopper.start();
        org.awaitility.Awaitility.await().until(() -> stopper.getState() == Thread.State.TIMED_WAITING);
        carryOn.countDown();
        stopper.join(10_000);

        assertThat(sent).containsExactly((byte) 0, (byte) 1, (byte) 2, (byte) 3, (byte) 4, (byte) 5, (byte) 6,
                (byte) 7, (byte) 8, (byte) 9);
        assertThat(outbox.dropped()).isZero();
    }

    @Test
    void lossAndRecoveryAreReportedOnceEachWhoeverNoticesThem() {
        RecordingListener listener = new RecordingListener();
        LinkReporter link = new LinkReporter("test", listener);
        link.down(new IOException("before start")); // a failed start is not a loss: start throws
        link.up();
        assertThat(listener.lost).hasValue(0);
        assertThat(listener.reconnected).hasValue(0);
        link.down(new IOException("one"));
        link.down(new IOException("the same loss, seen by another thread"));
        assertThat(link.isUp()).isFalse();
        link.up();
        link.up();
        assertThat(listener.lost).hasValue(1);
        assertThat(listener.reconnected).hasValue(1);
        link.closed();
        link.down(new IOException("after close"));
        link.received(new byte[1]);
        assertThat(listener.lost).hasValue(1);
        assertThat(listener.received).isEmpty();
    }

    @Test
    void aListenerThatThrowsIsContained() {
        LinkReporter link = new LinkReporter("test", new ClusterBus.Listener() {
            @Override
            public void received(byte[] payload) {
                throw new IllegalStateException("injected");
            }

            @Override
            public void connectionLost(Throwable cause) {
                throw new IllegalStateException("injected");
            }

            @Override
            public void reconnected() {
                throw new IllegalStateException("injected");
            }
        });
        link.up();
        link.received(new byte[1]);
        link.down(new IOException("x"));
        link.up();
        assertThat(link.isUp()).isTrue();
    }

    @Test
    void backoffDoublesUpToItsCapWithJitterBelowIt() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
        assertThat(backoff.delay(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(backoff.delay(3)).isBetween(Duration.ofMillis(400), Duration.ofMillis(800));
        assertThat(backoff.delay(1_000)).isBetween(Duration.ofMillis(2500), Duration.ofSeconds(5));
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void notifyPayloadFitsUnder8000BytesOnceEncoded() {
        byte[] max = new byte[NotifyPayload.MAX_BYTES];
        String encoded = NotifyPayload.encode(max);
        assertThat(encoded.length()).isLessThan(NotifyPayload.NOTIFY_LIMIT);
        assertThat(Base64.getEncoder().encodeToString(new byte[NotifyPayload.MAX_BYTES + 1]).length())
                .as("one byte more would not fit").isGreaterThanOrEqualTo(NotifyPayload.NOTIFY_LIMIT);
        assertThat(NotifyPayload.decode(encoded)).isEqualTo(max);
        assertThatThrownBy(() -> NotifyPayload.encode(new byte[NotifyPayload.MAX_BYTES + 1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5997");
    }
}
