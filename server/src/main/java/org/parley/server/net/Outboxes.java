package org.parley.server.net;

import io.netty.channel.EventLoop;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link LoopOutbox} per I/O thread of a server, made when its first channel opens. */
final class Outboxes {

    private final ConcurrentHashMap<EventLoop, LoopOutbox> byLoop = new ConcurrentHashMap<>();

    LoopOutbox of(EventLoop loop) {
        return byLoop.computeIfAbsent(loop, LoopOutbox::new);
    }
}
