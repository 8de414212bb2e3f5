package org.parley.server.cluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.parley.server.core.bus.ClusterBus;

/** Records what a bus reports, for assertions from the test thread. */
final class RecordingListener implements ClusterBus.Listener {

    final List<byte[]> received = new CopyOnWriteArrayList<>();
    final AtomicInteger lost = new AtomicInteger();
    final AtomicInteger reconnected = new AtomicInteger();

    @Override
    public void received(byte[] payload) {
        received.add(payload);
    }

    @Override
    public void connectionLost(Throwable cause) {
        lost.incrementAndGet();
    }

    @Override
    public void reconnected() {
        reconnected.incrementAndGet();
    }

    /** The text messages received that start with {@code prefix}, in arrival order. */
    List<String> texts(String prefix) {
        List<String> out = new ArrayList<>();
        for (byte[] b : received) {
            String s = new String(b, StandardCharsets.UTF_8);
            if (s.startsWith(prefix)) {
                out.add(s);
            }
        }
        return out;
    }
}
