package org.parley.server.core.bus;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bus hub in one JVM for tests of several cores: {@link #node} gives each core its end. A message
 * published goes to every connected end (the publisher's too, as real engines echo), each on that
 * end's own thread, in publication order per publisher; an end {@link #cut} off misses what is
 * published meanwhile (at most once, like the engines) and hears {@code reconnected()} when
 * {@link #restore restored}; {@link #lose} drops what one end publishes to another without a word, as an
 * engine's at-most-once delivery may.
 */
public final class InMemoryBus {

    private final int maxPayloadBytes;
    private final Map<String, End> ends = new ConcurrentHashMap<>();
    private final Map<Class<?>, AtomicInteger> published = new ConcurrentHashMap<>();
    /** "from>to": what {@code from} publishes does not reach {@code to}, and nobody is told. */
    private final java.util.Set<String> losing = ConcurrentHashMap.newKeySet();

    public InMemoryBus(int maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** The smallest engine's payload, as the core must fit. */
    public static InMemoryBus smallest() {
        return new InMemoryBus(5_900);
    }

    public ClusterBus node(String nodeId) {
        return ends.computeIfAbsent(nodeId, End::new);
    }

    public void cut(String nodeId) {
        End end = ends.get(nodeId);
        end.connected = false;
        end.thread.execute(() -> end.listener.connectionLost(new java.io.IOException("cut off by the test")));
    }

    public void restore(String nodeId) {
        End end = ends.get(nodeId);
        end.connected = true;
        end.thread.execute(() -> end.listener.reconnected());
    }

    /** From now on, what {@code from} publishes is silently lost on its way to {@code to}. */
    public void lose(String from, String to) {
        losing.add(from + ">" + to);
    }

    /** Ends {@link #lose}. */
    public void stopLosing(String from, String to) {
        losing.remove(from + ">" + to);
    }

    /** Messages of this kind handed to the hub so far, whoever published them. */
    public int published(Class<? extends ClusterEvent> kind) {
        AtomicInteger count = published.get(kind);
        return count == null ? 0 : count.get();
    }

    private void deliver(String from, byte[] payload) {
        published.computeIfAbsent(ClusterCodec.decode(payload).getClass(), k -> new AtomicInteger()).incrementAndGet();
        for (End end : ends.values()) {
            if (end.connected && end.listener != null && !losing.contains(from + ">" + end.nodeId)) {
                byte[] copy = payload.clone();
                end.thread.execute(() -> end.listener.received(copy));
            }
        }
    }

    private final class End implements ClusterBus {
        private final String nodeId;
        private final ExecutorService thread;
        private volatile Listener listener;
        private volatile boolean connected;
        private volatile boolean closed;

        End(String nodeId) {
            this.nodeId = nodeId;
            this.thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "in-memory-bus-" + nodeId);
                t.setDaemon(true);
                return t;
            });
        }

        @Override
        public String engine() {
            return "memory";
        }

        @Override
        public int maxPayloadBytes() {
            return maxPayloadBytes;
        }

        @Override
        public void start(Listener l) {
            this.listener = l;
            this.connected = true;
        }

        @Override
        public void publish(byte[] payload) {
            if (payload.length > maxPayloadBytes) {
                throw new AssertionError("a payload of " + payload.length + " bytes, over " + maxPayloadBytes);
            }
            if (!closed && connected) {
                deliver(nodeId, payload);
            }
        }

        @Override
        public boolean connected() {
            return connected && !closed;
        }

        @Override
        public void close() {
            closed = true;
            connected = false;
            thread.shutdown();
        }
    }
}
