package org.parley.bench.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.IntFunction;

/** Runs many asynchronous operations with at most a fixed number in flight (a ramp that does not stampede). */
public final class Bounded {

    private Bounded() {
    }

    /** Starts {@code op(from) .. op(to-1)}, at most {@code inFlight} at once, and waits for all of them. */
    public static <T> List<T> run(int from, int to, int inFlight, IntFunction<CompletableFuture<T>> op)
            throws InterruptedException {
        Semaphore permits = new Semaphore(inFlight);
        List<CompletableFuture<T>> all = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            permits.acquire();
            CompletableFuture<T> f = op.apply(i);
            f.whenComplete((v, e) -> permits.release());
            all.add(f);
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        return all.stream().map(CompletableFuture::join).toList();
    }
}
