package org.parley.client.shell;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.parley.client.api.ConnectionLostException;
import org.parley.client.api.RequestTimeoutException;
import org.parley.client.api.ServerErrorException;
import org.parley.client.format.OutputFormatter;
import org.parley.client.session.ChatSession;
import org.parley.client.session.NotConnectedException;

/**
 * Waits for one request's answer on the input thread, so that commands run one at a time and in order.
 * A lost connection ends the shell unless the session reconnects (then, as for a request made while it
 * reconnects, the user is told the server is not there); an unanswered request is reported; a refusal is
 * handed back (or, with {@link #await}, printed as the server's exact line).
 */
final class Awaiter {

    static final String NO_ANSWER = "Error. The server did not answer in time";

    private final ShellOutput output;
    private final Duration timeout;
    private final ChatSession session;

    Awaiter(ShellOutput output, Duration timeout, ChatSession session) {
        this.output = output;
        this.timeout = timeout;
        this.session = session;
    }

    /** The answer, or empty after printing why there is none. */
    <T> Optional<T> await(CompletableFuture<T> future) {
        Outcome<T> outcome = attempt(future);
        if (outcome.refusal() != null) {
            output.refusal(outcome.refusal().getMessage());
        }
        return Optional.ofNullable(outcome.value());
    }

    /** The answer or the server's refusal; neither when the request failed otherwise (already reported). */
    <T> Outcome<T> attempt(CompletableFuture<T> future) {
        try {
            return new Outcome<>(future.get(timeout.toMillis(), TimeUnit.MILLISECONDS), null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ServerErrorException refused) {
                return new Outcome<>(null, refused);
            }
            if (cause instanceof NotConnectedException notConnected) {
                output.print(notConnected.getMessage());
            } else if (cause instanceof ConnectionLostException) {
                if (session.willReconnect()) {
                    output.print(ChatSession.NOT_CONNECTED);
                } else {
                    output.finish(ExitCodes.FAILURE, OutputFormatter.CONNECTION_LOST);
                }
            } else if (cause instanceof RequestTimeoutException) {
                output.print(NO_ANSWER);
            } else {
                output.print("Error. " + cause.getMessage());
            }
        } catch (TimeoutException e) {
            output.print(NO_ANSWER);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            output.finish(ExitCodes.FAILURE, OutputFormatter.CONNECTION_LOST);
        }
        return new Outcome<>(null, null);
    }

    record Outcome<T>(T value, ServerErrorException refusal) {}
}
