package org.parley.client.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;
import org.parley.protocol.Response;

/** A request awaiting its response: the type it expects and what the caller's future is given. */
final class PendingRequest<R extends Response, T> {

    private final String requestName;
    private final Class<R> expected;
    private final Function<R, T> result;
    private final CompletableFuture<T> future = new CompletableFuture<>();
    private volatile ScheduledFuture<?> timeout;

    PendingRequest(String requestName, Class<R> expected, Function<R, T> result) {
        this.requestName = requestName;
        this.expected = expected;
        this.result = result;
    }

    CompletableFuture<T> future() {
        return future;
    }

    String requestName() {
        return requestName;
    }

    void timeout(ScheduledFuture<?> timeout) {
        this.timeout = timeout;
    }

    void complete(Response response) {
        cancelTimeout();
        if (response instanceof Response.Error error) {
            future.completeExceptionally(new ServerErrorException(error.code(), error.message()));
        } else if (expected.isInstance(response)) {
            try {
                future.complete(result.apply(expected.cast(response)));
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
            }
        } else {
            future.completeExceptionally(new UnexpectedResponseException("the server answered " + requestName
                    + " with " + response.getClass().getSimpleName() + ", expected " + expected.getSimpleName()));
        }
    }

    void fail(Throwable cause) {
        cancelTimeout();
        future.completeExceptionally(cause);
    }

    private void cancelTimeout() {
        ScheduledFuture<?> t = timeout;
        if (t != null) {
            t.cancel(false);
        }
    }
}
