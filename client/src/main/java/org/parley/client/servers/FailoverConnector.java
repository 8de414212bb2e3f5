package org.parley.client.servers;

import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.parley.client.api.ParleyClient;
import org.parley.client.api.ReceivedMessages;
import org.parley.client.api.ServerErrorException;
import org.parley.client.connection.TlsConnectException;
import org.parley.client.session.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects a session to one of several servers ({@link ServerRotation}). The first connection tries
 * each endpoint once, from a random one on, and takes the first that answers; each later call (a
 * reconnect, paced by the session's backoff) tries the single endpoint after the last one used, so a
 * node that died is left for the next one at once and tried again only after the others.
 *
 * <p>A TLS refusal that waiting cannot change ({@link TlsConnectException#lasting()}: a certificate
 * that changed or is not the pinned one, a server that does not speak TLS) is never hopped over: it
 * fails the call as it is, and the session ends with its line. Trying the next node instead would let
 * an interceptor on one address be skipped silently, and would hide from the user a warning meant
 * for them.
 *
 * <p>Concurrency: calls come one at a time (a session connects once, then reconnects one attempt at a
 * time on its own thread); {@code last} is guarded by this object's lock all the same, as the first
 * call's chain of attempts completes on event-loop threads.
 */
public final class FailoverConnector implements ServerConnector {

    /** Opens one connection to one endpoint, hello included. */
    @FunctionalInterface
    public interface Dialer {
        CompletableFuture<ParleyClient> dial(Endpoint endpoint, ReceivedMessages received);
    }

    private static final Logger LOG = LoggerFactory.getLogger(FailoverConnector.class);

    private final ServerRotation rotation;
    private final Dialer dialer;
    private final Duration perEndpoint;

    // guarded by this
    private Endpoint last;

    /** {@code perEndpoint} bounds one endpoint's connect, handshake and hello before the next is tried. */
    public FailoverConnector(ServerRotation rotation, Dialer dialer, Duration perEndpoint) {
        this.rotation = Objects.requireNonNull(rotation, "rotation");
        this.dialer = Objects.requireNonNull(dialer, "dialer");
        this.perEndpoint = Objects.requireNonNull(perEndpoint, "perEndpoint");
    }

    @Override
    public CompletableFuture<ParleyClient> connect(ReceivedMessages received) {
        Endpoint previous;
        synchronized (this) {
            previous = last;
        }
        try {
            if (previous == null) {
                return firstOf(rotation.firstRound(), 0, received, new ArrayList<>());
            }
            Endpoint next = rotation.after(previous);
            synchronized (this) {
                last = next;
            }
            return dial(next, received);
        } catch (UnknownHostException e) {
            return CompletableFuture.failedFuture(previous == null
                    ? new UnreachableServersException("Error. Cannot resolve the server name: " + e.getMessage(), e)
                    : e);
        }
    }

    /** The endpoint the latest connection went to (null before the first). */
    public synchronized Endpoint current() {
        return last;
    }

    private CompletableFuture<ParleyClient> firstOf(List<Endpoint> round, int i, ReceivedMessages received,
                                                    List<String> failures) {
        Endpoint endpoint = round.get(i);
        synchronized (this) {
            last = endpoint;
        }
        return dial(endpoint, received).handle((client, err) -> {
            if (err == null) {
                return CompletableFuture.completedFuture(client);
            }
            Throwable cause = unwrap(err);
            if (cause instanceof TlsConnectException tls && tls.lasting()) {
                return CompletableFuture.<ParleyClient>failedFuture(tls);
            }
            LOG.info("cannot connect to {}: {}", endpoint, String.valueOf(cause));
            failures.add(endpoint + (cause instanceof ServerErrorException ? " (" + cause.getMessage() + ")" : ""));
            if (i + 1 < round.size()) {
                return firstOf(round, i + 1, received, failures);
            }
            if (round.size() == 1 && (cause instanceof TlsConnectException || cause instanceof ServerErrorException)) {
                // the one server answered with a reason (TLS_REQUIRED to a --no-tls client, say): show it
                return CompletableFuture.<ParleyClient>failedFuture(cause);
            }
            String line = round.size() == 1 ? "Error. Cannot connect to the server at " + endpoint
                    : "Error. Cannot connect to any of the servers: " + String.join(", ", failures);
            return CompletableFuture.<ParleyClient>failedFuture(new UnreachableServersException(line, cause));
        }).thenCompose(f -> f);
    }

    /** One endpoint, bounded by {@code perEndpoint}; a connection that arrives after that is closed. */
    private CompletableFuture<ParleyClient> dial(Endpoint endpoint, ReceivedMessages received) {
        CompletableFuture<ParleyClient> dialled;
        try {
            dialled = dialer.dial(endpoint, received);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<ParleyClient> bounded = dialled.copy().orTimeout(perEndpoint.toNanos(), TimeUnit.NANOSECONDS);
        bounded.whenComplete((client, err) -> {
            if (unwrap(err) instanceof TimeoutException) {
                dialled.thenAccept(ParleyClient::close);
            }
        });
        return bounded;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable cause = t;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
