package org.parley.bench.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.parley.protocol.Event;
import org.parley.protocol.Frame;
import org.parley.protocol.FrameCodec;

class LeanReceiverTest {

    private static ByteBuf line(Frame frame) {
        return Unpooled.wrappedBuffer(FrameCodec.frames().encode(frame));
    }

    @Test
    void countsStampedBroadcastsAsTheRealCodecWritesThem() {
        DeliveryProbe probe = new DeliveryProbe();
        long sent = System.nanoTime();
        LeanReceiver.scan(line(new Event.BroadcastReceived("snd0", "t" + sent, 7, 1L)), probe);

        assertThat(probe.delivered()).isEqualTo(1);
        assertThat(probe.takeLatency().getTotalCount()).isEqualTo(1);
    }

    @Test
    void ignoresOtherFramesAndUnstampedBroadcasts() {
        DeliveryProbe probe = new DeliveryProbe();
        LeanReceiver.scan(line(new Event.UserLoggedIn("rcv1")), probe);
        LeanReceiver.scan(line(new Event.BroadcastReceived("yoda", "hello \"text\":\"t1", 1, 1L)), probe);
        LeanReceiver.scan(Unpooled.copiedBuffer("garbage", StandardCharsets.UTF_8), probe);

        assertThat(probe.delivered()).isZero();
    }
}
