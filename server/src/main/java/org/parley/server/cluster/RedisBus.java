package org.parley.server.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster bus over Redis publish/subscribe (Jedis): one channel. Redis delivers a connection's
 * messages to subscribers in the order it executed them, at most once, and only to subscribers
 * connected at that moment; a subscriber whose output buffer passes {@code client-output-buffer-limit
 * pubsub} (32 MiB hard by default) is disconnected by the server, which this adapter reports as a loss.
 * Every node receives its own messages back (Redis has no "no echo").
 *
 * <p>A connection in subscribe mode can do nothing else, so there are two: the subscriber, a
 * {@link Jedis} of its own on the subscriber thread (which reconnects and resubscribes with
 * {@link Backoff} after a loss), and the publisher, borrowed from a {@link JedisPool} by the
 * {@link PublishLoop} thread and used with pipelining (one round trip per batch).
 *
 * <p>A subscribed connection only reads, so a connection that died without a word (a cut cable, a
 * machine gone) would look like a quiet channel forever: a watchdog thread sends a PING on it every
 * {@code pingEvery} and drops the connection when nothing (message or PONG) came back for three of
 * those, which starts the reconnection.
 *
 * <p>Threads: the subscriber thread calls the listener through {@link LinkReporter}; the publisher
 * thread drains the {@link Outbox}; the watchdog thread only pings and disconnects; {@link #publish}
 * and {@link #close} from any thread.
 */
public final class RedisBus extends OutboxBus {

    private static final Logger log = LoggerFactory.getLogger(RedisBus.class);

    /** Our own ceiling (Redis takes up to 512 MB): bus messages are small, and big ones would fill output buffers. */
    static final int MAX_PAYLOAD = 1024 * 1024;
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final HostAndPort address;
    private final byte[] channel;
    private final String nodeId;
    private final Backoff backoff;
    private final CountDownLatch firstSubscription = new CountDownLatch(1);
    private volatile Thread subscriberThread;
    private volatile Jedis subscriber;
    private volatile JedisException startFailure;
    private volatile long attempt;
    private volatile JedisPool pool;
    private volatile PublishLoop publisher;
    /** Set when the subscriber lost its connection: the publisher's is likely broken too, so it takes a new one. */
    private volatile boolean publisherStale;
    private final Duration pingEvery;
    private volatile Subscription subscription;
    private volatile long lastHeard = System.nanoTime();
    private volatile ScheduledExecutorService watchdog;

    RedisBus(String host, int port, String channel, String nodeId, Backoff backoff, int outboxCapacity,
            Duration pingEvery) {
        super("redis", outboxCapacity);
        this.pingEvery = pingEvery;
        this.address = new HostAndPort(host, port);
        this.channel = channel.getBytes(StandardCharsets.UTF_8);
        this.nodeId = nodeId;
        this.backoff = backoff;
    }

    @Override
    public String engine() {
        return "redis";
    }

    @Override
    public int maxPayloadBytes() {
        return MAX_PAYLOAD;
    }

    @Override
    public synchronized void start(Listener listener) throws IOException {
        LinkReporter link = claimStart(listener);
        Thread thread = new Thread(() -> subscribeLoop(link), "bus-redis-subscribe-" + nodeId);
        thread.setDaemon(true);
        subscriberThread = thread;
        thread.start();
        boolean subscribed;
        try {
            subscribed = firstSubscription.await(CONNECT_TIMEOUT_MILLIS * 2L, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IOException("interrupted while subscribing on Redis at " + address, e);
        }
        if (!subscribed || startFailure != null) {
            close();
            throw new IOException("could not subscribe on Redis at " + address, startFailure);
        }
        GenericObjectPoolConfig<Jedis> poolConfig = new GenericObjectPoolConfig<>();
        poolConfig.setMaxTotal(2);
        poolConfig.setTestOnBorrow(true);
        poolConfig.setJmxEnabled(false);
        pool = new JedisPool(poolConfig, address, clientConfig("pub"));
        publisher = new PublishLoop("redis", nodeId, outbox, new Publisher(pool), backoff, 512);
        publisher.start();
        ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bus-redis-watch-" + nodeId);
            t.setDaemon(true);
            return t;
        });
        watchdog = watch;
        watch.scheduleWithFixedDelay(this::watch, pingEvery.toMillis(), pingEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The watchdog: ping the subscribed connection; drop it when it has been silent for three pings. */
    private void watch() {
        Subscription s = subscription;
        Jedis jedis = subscriber;
        if (closed || s == null || jedis == null || !s.isSubscribed()) {
            return;
        }
        long silentNanos = System.nanoTime() - lastHeard;
        if (silentNanos > pingEvery.toNanos() * 3) {
            log.warn("redis bus: the subscription at {} answered nothing for {} ms; reconnecting", address,
                    TimeUnit.NANOSECONDS.toMillis(silentNanos));
            jedis.disconnect(); // the subscriber thread's read fails, and it reconnects
            return;
        }
        try {
            s.ping();
        } catch (RuntimeException e) {
            jedis.disconnect();
        }
    }

    private DefaultJedisClientConfig clientConfig(String role) {
        return DefaultJedisClientConfig.builder()
                .clientName("parley-" + nodeId + "-" + role)
                .connectionTimeoutMillis(CONNECT_TIMEOUT_MILLIS)
                .socketTimeoutMillis(CONNECT_TIMEOUT_MILLIS)
                .build();
    }

    /** The subscriber thread: subscribe, block until the connection breaks, back off, again. */
    private void subscribeLoop(LinkReporter link) {
        boolean started = false;
        while (!closed) {
            Jedis jedis = null;
            try {
                jedis = new Jedis(address, clientConfig("sub"));
                subscriber = jedis;
                if (closed) {
                    break;
                }
                Subscription s = new Subscription(link);
                subscription = s;
                lastHeard = System.nanoTime();
                jedis.subscribe(s, channel); // returns only once unsubscribed
                if (!closed) {
                    publisherStale = true;
                    link.down(new IOException("the Redis subscription at " + address + " ended"));
                }
            } catch (JedisException e) {
                if (closed) {
                    break;
                }
                if (firstSubscription.getCount() > 0) {
                    startFailure = e;
                    firstSubscription.countDown();
                    return;
                }
                publisherStale = true;
                link.down(e);
            } finally {
                subscriber = null;
                subscription = null;
                if (jedis != null) {
                    jedis.close();
                }
            }
            started = true;
            try {
                Thread.sleep(backoff.delay(attempt++).toMillis());
            } catch (InterruptedException e) {
                // close() interrupts: the loop condition ends the thread
            }
        }
        if (!started) {
            firstSubscription.countDown();
        }
    }

    @Override
    void closeEngine() {
        ScheduledExecutorService watch = watchdog;
        if (watch != null) {
            watch.shutdownNow();
        }
        Jedis jedis = subscriber;
        if (jedis != null) {
            jedis.disconnect(); // breaks the blocking read of subscribe(); the loop sees closed and ends
        }
        Thread thread = subscriberThread;
        if (thread != null && thread != Thread.currentThread()) {
            thread.interrupt();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        PublishLoop loop = publisher;
        if (loop != null) {
            loop.stop();
        }
        JedisPool p = pool;
        if (p != null) {
            p.close();
        }
    }

    /** The callbacks of one subscription (a fresh one per connection: Jedis keeps state in it). */
    private final class Subscription extends BinaryJedisPubSub {
        private final LinkReporter link;

        Subscription(LinkReporter link) {
            this.link = link;
        }

        @Override
        public void onSubscribe(byte[] subscribed, int count) {
            lastHeard = System.nanoTime();
            attempt = 0;
            link.up();
            firstSubscription.countDown();
        }

        @Override
        public void onMessage(byte[] from, byte[] message) {
            lastHeard = System.nanoTime();
            link.received(message);
        }

        @Override
        public void onPong(byte[] pattern) {
            lastHeard = System.nanoTime();
        }
    }

    /** One pooled connection held by the publisher thread while it works, pipelining each batch. */
    private final class Publisher implements PublishLoop.Sender {
        private final JedisPool pool;
        private Jedis held;

        Publisher(JedisPool pool) {
            this.pool = pool;
        }

        @Override
        public void connect() {
            if (held != null && (publisherStale || held.isBroken())) {
                pool.returnBrokenResource(held); // destroyed, not kept idle for the next borrow to trip on
                held = null;
            }
            publisherStale = false;
            if (held == null) {
                held = pool.getResource();
            }
        }

        @Override
        public void send(List<byte[]> batch) {
            try (Pipeline pipeline = held.pipelined()) {
                for (byte[] payload : batch) {
                    pipeline.publish(channel, payload);
                }
                pipeline.sync();
            }
        }

        @Override
        public void disconnect() {
            if (held != null) {
                held.close(); // back to the pool, or destroyed there if broken
                held = null;
            }
        }
    }
}
