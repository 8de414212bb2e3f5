package org.parley.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Everything sent to the channels of one I/O thread, in the order it was sent. However many items
 * arrive before the thread gets to them, it runs one task that writes them all and then flushes each
 * channel once, so under load a connection gets many frames per system call.
 *
 * <p>When one run holds several fan-out frames, a channel that is to get every one of them and nothing
 * else in that run is written a single buffer holding all of them: at saturation a thousand recipients
 * of k broadcasts cost a thousand writes, not k thousand.
 */
final class LoopOutbox implements Runnable {

    /** Marker message: flush what was written, then close. */
    static final Object CLOSE = new Object();

    private sealed interface Item permits ToMany, ToOne {}

    /** Encoded bytes, owned by the item, for several channels. */
    private record ToMany(ByteBuf bytes, List<ChannelOutbound> channels) implements Item {}

    /** A frame (encoded on this thread) for one channel, or {@link #CLOSE}. */
    private record ToOne(ChannelOutbound channel, Object message) implements Item {}

    private final EventLoop loop;
    private final Queue<Item> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    // The loop's thread only:
    private final List<Item> run = new ArrayList<>();
    private final List<ChannelOutbound> touched = new ArrayList<>();

    LoopOutbox(EventLoop loop) {
        this.loop = loop;
    }

    /** Takes ownership of {@code bytes}. Any thread. */
    void toMany(ByteBuf bytes, List<ChannelOutbound> channels) {
        add(new ToMany(bytes, channels));
    }

    /** Any thread. */
    void toOne(ChannelOutbound channel, Object message) {
        add(new ToOne(channel, message));
    }

    private void add(Item item) {
        queue.add(item);
        if (scheduled.compareAndSet(false, true)) {
            try {
                loop.execute(this);
            } catch (RejectedExecutionException e) {
                // The server is shutting down and its connections with it: nothing more will be written.
                discardQueued();
            }
        }
    }

    private void discardQueued() {
        Item item;
        while ((item = queue.poll()) != null) {
            if (item instanceof ToMany many) {
                many.bytes().release();
            }
        }
    }

    @Override
    public void run() {
        // Cleared before draining: an item queued from here on schedules a run of its own.
        scheduled.set(false);
        int fanouts = drain();
        ByteBuf combined = null;
        try {
            if (fanouts > 1) {
                combined = combine(fanouts);
            }
            for (Item item : run) {
                if (item instanceof ToMany many) {
                    writeSeparately(many, combined != null, fanouts);
                } else if (item instanceof ToOne one) {
                    touch(one.channel());
                    one.channel().writeFrame(one.message());
                }
            }
            if (combined != null) {
                for (ChannelOutbound c : touched) {
                    if (c.marks.getsAll(fanouts)) {
                        c.writeEncoded(combined.retainedDuplicate());
                    }
                }
            }
            for (ChannelOutbound c : touched) {
                c.flushWritten();
            }
        } finally {
            if (combined != null) {
                combined.release();
            }
            for (Item item : run) {
                if (item instanceof ToMany many) {
                    many.bytes().release();
                }
            }
            for (ChannelOutbound c : touched) {
                c.marks.clear();
            }
            touched.clear();
            run.clear();
        }
    }

    private int drain() {
        int fanouts = 0;
        Item item;
        while ((item = queue.poll()) != null) {
            run.add(item);
            if (item instanceof ToMany) {
                fanouts++;
            }
        }
        return fanouts;
    }

    /**
     * Marks, per channel, how many of this run's fan-out frames it is to get and whether it has frames
     * of its own, then copies all fan-out frames, in order, into one buffer.
     */
    private ByteBuf combine(int fanouts) {
        int size = 0;
        for (Item item : run) {
            if (item instanceof ToMany many) {
                size += many.bytes().readableBytes();
                for (ChannelOutbound c : many.channels()) {
                    touch(c);
                    c.marks.fanouts++;
                }
            } else if (item instanceof ToOne one) {
                touch(one.channel());
                one.channel().marks.ownFrames = true;
            }
        }
        ByteBuf combined = PooledByteBufAllocator.DEFAULT.directBuffer(size);
        for (Item item : run) {
            if (item instanceof ToMany many) {
                combined.writeBytes(many.bytes(), many.bytes().readerIndex(), many.bytes().readableBytes());
            }
        }
        return combined;
    }

    private void writeSeparately(ToMany many, boolean combining, int fanouts) {
        for (ChannelOutbound c : many.channels()) {
            if (combining && c.marks.getsAll(fanouts)) {
                continue; // gets the combined buffer instead
            }
            touch(c);
            c.writeEncoded(many.bytes().retainedDuplicate());
        }
    }

    private void touch(ChannelOutbound c) {
        if (!c.marks.touched) {
            c.marks.touched = true;
            touched.add(c);
        }
    }
}
