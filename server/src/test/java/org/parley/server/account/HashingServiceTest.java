package org.parley.server.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HashingServiceTest {

    private final ExecutorService executor = HashingService.newDedicatedExecutor(2, 16);
    private final HashingService service = new HashingService(new PhcPasswordHasher(HashCost.testing()), executor);

    @AfterEach
    void stop() throws InterruptedException {
        executor.shutdownNow();
        assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void hashThenVerifyOnTheExecutor() throws Exception {
        String phc = service.hash("falcon*solo".toCharArray()).get(5, TimeUnit.SECONDS);

        assertThat(service.verify("falcon*solo".toCharArray(), phc).get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(service.verify("falcon*sola".toCharArray(), phc).get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(service.verify("falcon*solo".toCharArray(), "$argon2id$junk").get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(service.needsRehash(phc)).isFalse();
    }

    @Test
    void runsOnTheGivenExecutorNotTheCaller() throws Exception {
        AtomicReference<String> thread = new AtomicReference<>();
        PasswordHasher recording = new FixedHasher() {
            @Override
            public String hash(char[] password) {
                thread.set(Thread.currentThread().getName());
                return "x";
            }
        };
        new HashingService(recording, executor).hash("pw".toCharArray()).get(5, TimeUnit.SECONDS);

        assertThat(thread.get()).startsWith("parley-hash-");
    }

    @Test
    void passwordsAreWipedOnceDone() throws Exception {
        char[] forHash = "falcon*solo".toCharArray();
        String phc = service.hash(forHash).get(5, TimeUnit.SECONDS);
        char[] forVerify = "falcon*solo".toCharArray();
        service.verify(forVerify, phc).get(5, TimeUnit.SECONDS);

        assertThat(forHash).containsOnly('\0');
        assertThat(forVerify).containsOnly('\0');
    }

    @Test
    void rejectedWorkFailsTheFutureAndStillWipesThePassword() {
        Executor refusing = task -> {
            throw new RejectedExecutionException("full");
        };
        char[] password = "falcon*solo".toCharArray();

        CompletableFuture<Boolean> result = new HashingService(new FixedHasher(), refusing).verify(password, "x");

        assertThat(result).isCompletedExceptionally();
        assertThat(password).containsOnly('\0');
    }

    @Test
    void hasherFailureFailsTheFutureAndStillWipesThePassword() {
        PasswordHasher broken = new FixedHasher() {
            @Override
            public String hash(char[] password) {
                throw new IllegalStateException("boom");
            }
        };
        char[] password = "falcon*solo".toCharArray();

        CompletableFuture<String> result = new HashingService(broken, executor).hash(password);

        assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(password).containsOnly('\0');
    }

    @Test
    void dedicatedExecutorRejectsBeyondItsQueueInsteadOfGrowing() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        PasswordHasher blocking = new FixedHasher() {
            @Override
            public boolean verify(char[] password, String phc) {
                started.countDown();
                try {
                    return release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        };
        ExecutorService small = HashingService.newDedicatedExecutor(1, 1);
        try {
            HashingService limited = new HashingService(blocking, small);
            CompletableFuture<Boolean> running = limited.verify("a".toCharArray(), "x");
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Boolean> queued = limited.verify("b".toCharArray(), "x");
            CompletableFuture<Boolean> refused = limited.verify("c".toCharArray(), "x");

            assertThat(refused).isCompletedExceptionally();
            release.countDown();
            assertThat(running.get(5, TimeUnit.SECONDS)).isTrue();
            assertThat(queued.get(5, TimeUnit.SECONDS)).isTrue();
        } finally {
            small.shutdownNow();
        }
    }

    /** A hasher that does no hashing, for testing the service's own behaviour. */
    private static class FixedHasher implements PasswordHasher {
        @Override
        public String hash(char[] password) {
            return "x";
        }

        @Override
        public boolean verify(char[] password, String phc) {
            return true;
        }

        @Override
        public boolean needsRehash(String phc) {
            return false;
        }
    }
}
