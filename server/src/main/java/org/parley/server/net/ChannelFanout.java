package org.parley.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.parley.server.core.EncodedFrame;
import org.parley.server.core.Fanout;
import org.parley.server.core.Outbound;

/**
 * Fan-out that hands each I/O thread one task: write the same direct buffer (retained, never copied)
 * to each of its channels, then flush them. The frame's bytes are copied once, for all recipients.
 */
public final class ChannelFanout implements Fanout {

    @Override
    public void send(EncodedFrame frame, List<Outbound> recipients) {
        if (recipients.isEmpty()) {
            return;
        }
        Map<EventLoop, List<ChannelOutbound>> byLoop = new IdentityHashMap<>();
        for (Outbound out : recipients) {
            if (out instanceof ChannelOutbound channel) {
                byLoop.computeIfAbsent(channel.eventLoop(), l -> new ArrayList<>()).add(channel);
            } else {
                out.send(frame);
            }
        }
        // Direct memory, written once: a heap buffer would be copied into a direct one per channel.
        byte[] json = frame.json();
        ByteBuf shared = PooledByteBufAllocator.DEFAULT.directBuffer(json.length + 1);
        shared.writeBytes(json).writeByte('\n');
        for (Map.Entry<EventLoop, List<ChannelOutbound>> e : byLoop.entrySet()) {
            List<ChannelOutbound> channels = e.getValue();
            ByteBuf forLoop = shared.retainedDuplicate();
            e.getKey().execute(() -> {
                try {
                    for (ChannelOutbound c : channels) {
                        c.writeWithoutFlush(forLoop.retainedDuplicate());
                    }
                    for (ChannelOutbound c : channels) {
                        c.flush();
                    }
                } finally {
                    forLoop.release();
                }
            });
        }
        shared.release();
    }
}
