package org.parley.server.cluster;

import org.parley.server.core.bus.ClusterBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands between an adapter's threads and the core's {@link ClusterBus.Listener}: tells the listener of
 * a loss exactly once per loss and of the recovery exactly once after it, whichever engine thread
 * notices; calls it one message at a time; and catches what the listener throws, so that a faulty
 * listener costs one log line per failure, never the subscriber thread.
 *
 * <p>Threads: every method is {@code synchronized} on this object, so the listener is never called
 * concurrently even where an engine's client reports events and messages on different threads (jnats).
 * {@link #isUp} is a volatile read and may be called from anywhere.
 */
final class LinkReporter {

    private static final Logger log = LoggerFactory.getLogger(LinkReporter.class);

    private enum State { STARTING, UP, DOWN, CLOSED }

    private final String engine;
    private final ClusterBus.Listener listener;
    private State state = State.STARTING;
    private volatile boolean up;

    LinkReporter(String engine, ClusterBus.Listener listener) {
        this.engine = engine;
        this.listener = listener;
    }

    /** Connected and subscribed: the first time quietly (start returns), after a loss with {@code reconnected()}. */
    synchronized void up() {
        State was = state;
        if (was == State.CLOSED || was == State.UP) {
            return;
        }
        state = State.UP;
        up = true;
        notifyAll();
        if (was == State.DOWN) {
            log.info("{} bus: connected and subscribed again", engine);
            try {
                listener.reconnected();
            } catch (RuntimeException e) {
                log.warn("{} bus: the listener failed on reconnected()", engine, e);
            }
        }
    }

    /** The subscription is gone (or messages were missed); reported once until {@link #up} again. */
    synchronized void down(Throwable cause) {
        if (state != State.UP) {
            return;
        }
        state = State.DOWN;
        up = false;
        log.warn("{} bus: connection lost; retrying with backoff", engine, cause);
        try {
            listener.connectionLost(cause);
        } catch (RuntimeException e) {
            log.warn("{} bus: the listener failed on connectionLost()", engine, e);
        }
    }

    /** One message from the engine. */
    synchronized void received(byte[] payload) {
        if (state == State.CLOSED) {
            return;
        }
        try {
            listener.received(payload);
        } catch (RuntimeException e) {
            log.warn("{} bus: the listener failed on a message of {} bytes; delivery goes on", engine,
                    payload.length, e);
        }
    }

    /** No more calls to the listener. */
    synchronized void closed() {
        state = State.CLOSED;
        up = false;
        notifyAll();
    }

    boolean isUp() {
        return up;
    }

    /** Waits up to {@code millis} for the link to be up; true if it is. For the publisher thread. */
    synchronized boolean awaitUp(long millis) throws InterruptedException {
        if (!up && state != State.CLOSED) {
            wait(millis);
        }
        return up;
    }
}
