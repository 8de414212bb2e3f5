package org.parley.server.account;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs slow hashing off the caller's thread (an event loop or the core's serial executor must never
 * spend tens of milliseconds in Argon2). Takes ownership of the password arrays it is given: each is
 * wiped once its hash is done, or at once if the executor refuses the work. With a bounded executor
 * (see {@link #newDedicatedExecutor}) a flood of logins fails fast with
 * {@link RejectedExecutionException} instead of queueing without limit.
 */
public final class HashingService {

    private final PasswordHasher hasher;
    private final Executor executor;

    public HashingService(PasswordHasher hasher, Executor executor) {
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** Completes with whether the password matches; false for malformed hashes. Wipes {@code password}. */
    public CompletableFuture<Boolean> verify(char[] password, String phc) {
        Objects.requireNonNull(password, "password");
        return submit(password, () -> hasher.verify(password, phc));
    }

    /** Completes with a new PHC string for the password. Wipes {@code password}. */
    public CompletableFuture<String> hash(char[] password) {
        Objects.requireNonNull(password, "password");
        return submit(password, () -> hasher.hash(password));
    }

    /** Cheap (parsing only), so it runs on the caller's thread. */
    public boolean needsRehash(String phc) {
        return hasher.needsRehash(phc);
    }

    private <T> CompletableFuture<T> submit(char[] password, Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                // Wipe before completing: whoever waits on the future may look at the array next.
                T value;
                try {
                    value = work.get();
                } catch (RuntimeException | Error e) {
                    Arrays.fill(password, '\0');
                    result.completeExceptionally(e);
                    return;
                }
                Arrays.fill(password, '\0');
                result.complete(value);
            });
        } catch (RejectedExecutionException e) {
            Arrays.fill(password, '\0');
            result.completeExceptionally(e);
        }
        return result;
    }

    /**
     * A pool of {@code threads} daemon threads named {@code parley-hash-<n>} with a queue of at most
     * {@code queueCapacity} waiting hashes; beyond that, submissions are rejected (and the futures
     * returned by this service fail). The caller shuts it down.
     */
    public static ExecutorService newDedicatedExecutor(int threads, int queueCapacity) {
        if (threads < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("threads and queueCapacity must be at least 1");
        }
        AtomicInteger counter = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, "parley-hash-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return new ThreadPoolExecutor(threads, threads, 0L, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), factory, new ThreadPoolExecutor.AbortPolicy());
    }
}
