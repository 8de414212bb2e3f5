package org.parley.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.parley.server.core.EncodedFrame;
import org.parley.server.core.Fanout;
import org.parley.server.core.Outbound;

/**
 * Fan-out that copies a frame's bytes once, into one direct buffer that every recipient's channel
 * writes, and hands each I/O thread its share through that thread's {@link LoopOutbox}, in order with
 * everything else sent to those channels.
 */
public final class ChannelFanout implements Fanout {

    @Override
    public void send(EncodedFrame frame, List<Outbound> recipients) {
        if (recipients.isEmpty()) {
            return;
        }
        Map<LoopOutbox, List<ChannelOutbound>> byLoop = new IdentityHashMap<>();
        for (Outbound out : recipients) {
            if (out instanceof ChannelOutbound channel) {
                byLoop.computeIfAbsent(channel.outbox(), l -> new ArrayList<>()).add(channel);
            } else {
                out.send(frame);
            }
        }
        // Direct memory, written once: a heap buffer would be copied into a direct one per channel.
        byte[] json = frame.json();
        ByteBuf shared = PooledByteBufAllocator.DEFAULT.directBuffer(json.length + 1);
        shared.writeBytes(json).writeByte('\n');
        try {
            byLoop.forEach((outbox, channels) -> outbox.toMany(shared.retainedDuplicate(), channels));
        } finally {
            shared.release();
        }
    }
}
