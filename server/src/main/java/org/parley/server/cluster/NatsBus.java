package org.parley.server.cluster;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Consumer;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster bus over NATS core publish/subscribe (jnats): one subject, the channel name. NATS keeps
 * the order of one connection's messages on a subject, delivers at most once, and drops for a
 * subscriber that is cut off or too slow. This node's own messages are not echoed back to it
 * ({@code noEcho}): the port allows an echo, it does not need one.
 *
 * <p>A connection that died without a word is found by jnats' pings: every {@code pingEvery}, and
 * three unanswered make it stale and start the reconnection.
 *
 * <p>Reconnection is jnats's own (unlimited attempts, waits from {@link Backoff}); it resends the
 * subscription and then reports {@code RECONNECTED}/{@code RESUBSCRIBED}. A slow consumer (jnats'
 * pending limit exceeded, messages dropped on this side) is reported as a loss followed at once by a
 * recovery, so the core catches up: messages were missed although the connection held.
 *
 * <p>Threads: jnats' reader, dispatcher and event threads call into {@link LinkReporter}, which
 * serialises the listener; publishing goes through the {@link Outbox} and one {@link PublishLoop}
 * thread (jnats' own outgoing queue may block when full; it blocks that thread, never the caller).
 */
public final class NatsBus extends OutboxBus {

    private static final Logger log = LoggerFactory.getLogger(NatsBus.class);

    /** nats-server's default {@code max_payload}; the server's own figure replaces it once connected. */
    static final int DEFAULT_MAX_PAYLOAD = 1024 * 1024;

    private final String url;
    private final String subject;
    private final String nodeId;
    private final Backoff backoff;
    private final Duration pingEvery;
    private volatile Connection connection;
    private volatile PublishLoop publisher;

    NatsBus(String url, String subject, String nodeId, Backoff backoff, int outboxCapacity, Duration pingEvery) {
        super("nats", outboxCapacity);
        this.pingEvery = pingEvery;
        this.url = url;
        this.subject = subject;
        this.nodeId = nodeId;
        this.backoff = backoff;
    }

    @Override
    public String engine() {
        return "nats";
    }

    @Override
    public int maxPayloadBytes() {
        Connection c = connection;
        return c == null ? DEFAULT_MAX_PAYLOAD : (int) Math.min(Integer.MAX_VALUE, c.getMaxPayload());
    }

    @Override
    public synchronized void start(Listener listener) throws IOException {
        LinkReporter link = claimStart(listener);
        Options options = new Options.Builder()
                .server(url)
                .connectionName("parley-" + nodeId)
                .noEcho()
                .maxReconnects(-1)
                .reconnectDelayHandler(backoff::delay)
                .connectionTimeout(Duration.ofSeconds(5))
                .pingInterval(pingEvery) // jnats' default (2 min) would leave a dead link unnoticed for minutes
                .maxPingsOut(3)
                .connectionListener((conn, event) -> onEvent(link, conn, event))
                .errorListener(new Errors(link))
                .build();
        Connection c;
        try {
            c = Nats.connect(options);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to NATS at " + url, e);
        }
        try {
            Dispatcher dispatcher = c.createDispatcher(message -> link.received(message.getData()));
            dispatcher.subscribe(subject);
            c.flush(Duration.ofSeconds(5)); // the server has the subscription once its PONG is back
        } catch (TimeoutException | InterruptedException | RuntimeException e) {
            closeQuietly(c);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("could not subscribe to '" + subject + "' on NATS at " + url, e);
        }
        connection = c;
        link.up();
        publisher = new PublishLoop("nats", nodeId, outbox, new Publisher(c), backoff, 256);
        publisher.start();
    }

    private void onEvent(LinkReporter link, Connection conn, ConnectionListener.Events event) {
        switch (event) {
            case DISCONNECTED -> link.down(new IOException("disconnected from NATS at " + url
                    + (conn.getLastError() == null ? "" : ": " + conn.getLastError())));
            case RECONNECTED, RESUBSCRIBED -> link.up();
            case LAME_DUCK -> log.info("nats bus: the server at {} is entering lame-duck mode", url);
            default -> log.debug("nats bus: {}", event);
        }
    }

    @Override
    void closeEngine() {
        PublishLoop loop = publisher;
        if (loop != null) {
            loop.stop();
        }
        Connection c = connection;
        if (c != null) {
            flushQuietly(c); // jnats buffers publishes: what the loop handed over goes out before the close
            closeQuietly(c);
        }
    }

    private void flushQuietly(Connection c) {
        if (c.getStatus() != Connection.Status.CONNECTED) {
            return;
        }
        try {
            c.flush(java.time.Duration.ofMillis(PublishLoop.DRAIN_MILLIS));
        } catch (java.util.concurrent.TimeoutException e) {
            log.warn("nats bus: publishes not flushed at close within {} ms; the others learn from leases",
                    PublishLoop.DRAIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Publishes on the shared connection; jnats handles its reconnection, so "connect" only waits for it. */
    private final class Publisher implements PublishLoop.Sender {
        private final Connection c;

        Publisher(Connection c) {
            this.c = c;
        }

        @Override
        public void connect() throws IOException {
            if (c.getStatus() != Connection.Status.CONNECTED) {
                throw new IOException("NATS connection is " + c.getStatus());
            }
        }

        @Override
        public void send(List<byte[]> batch) {
            for (byte[] payload : batch) {
                c.publish(subject, payload);
            }
        }

        @Override
        public void disconnect() {
            // the connection is shared with the subscription and reconnects by itself
        }
    }

    /** jnats' error callbacks: logged once each; a slow consumer means missed messages. */
    private final class Errors implements ErrorListener {
        private final LinkReporter link;

        Errors(LinkReporter link) {
            this.link = link;
        }

        @Override
        public void errorOccurred(Connection conn, String error) {
            log.warn("nats bus: the server at {} reported: {}", url, error);
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            log.debug("nats bus: connection error at {}", url, exp);
        }

        @Override
        public void slowConsumerDetected(Connection conn, Consumer consumer) {
            link.down(new IOException("slow consumer on NATS subject '" + subject
                    + "': messages were dropped on this node"));
            link.up();
        }
    }
}
