package org.parley.bench.transfer.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Address slots for bottleneck links: never the same one twice at once, in one process or in two. */
class AddressSlotTest {
    @TempDir
    Path locks;

    @Test
    void twoClaimsGetTwoSlotsAndAClosedSlotIsFreeAgain() throws Exception {
        try (AddressSlot first = AddressSlot.claim(locks, n -> false)) {
            try (AddressSlot second = AddressSlot.claim(locks, n -> false)) {
                assertThat(first.number()).isEqualTo(1);
                assertThat(second.number()).isEqualTo(2);
            }
            try (AddressSlot again = AddressSlot.claim(locks, n -> false)) {
                assertThat(again.number()).isEqualTo(2);
            }
        }
    }

    @Test
    void aSlotWhoseSubnetIsStillOnADeviceIsSkipped() throws Exception {
        String leftOver = "7: plh1a2b-1    inet 10.213.1.1/24 scope global plh1a2b-1\\       valid_lft forever\n"
                + "1: lo    inet 127.0.0.1/8 scope host lo\n";
        assertThat(BottleneckLink.subnetInUse(leftOver, 1)).isTrue();
        assertThat(BottleneckLink.subnetInUse(leftOver, 2)).isFalse();
        assertThat(BottleneckLink.subnetInUse("inet 10.213.11.1/24", 1)).as("slot 11 is not slot 1").isFalse();

        try (AddressSlot slot = AddressSlot.claim(locks, n -> BottleneckLink.subnetInUse(leftOver, n))) {
            assertThat(slot.number()).isEqualTo(2);
        }
    }

    @Test
    void claimsAtTheSameMomentFromManyThreadsAllDiffer() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<AddressSlot>> claims = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                claims.add(pool.submit(() -> {
                    start.await();
                    return AddressSlot.claim(locks, n -> false);
                }));
            }
            start.countDown();
            Set<Integer> numbers = new HashSet<>();
            for (Future<AddressSlot> claim : claims) {
                numbers.add(claim.get(30, TimeUnit.SECONDS).number());
            }
            assertThat(numbers).hasSize(threads);
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            for (Future<AddressSlot> claim : claims) {
                claim.get().close();
            }
        }
    }

    @Test
    void aSlotHeldByAnotherProcessIsNotClaimedUntilThatProcessLetsGo() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Holder.class.getName(), locks.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            String held = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).get(60, TimeUnit.SECONDS);
            assertThat(held).isEqualTo("holding 1");

            try (AddressSlot mine = AddressSlot.claim(locks, n -> false)) {
                assertThat(mine.number()).as("slot 1 is the other process's").isEqualTo(2);
            }
            holder.getOutputStream().close();
            assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();
            try (AddressSlot mine = AddressSlot.claim(locks, n -> false)) {
                assertThat(mine.number()).as("released when that process ended").isEqualTo(1);
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    /** The other process: claims a slot, says which, and holds it until its standard input closes. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            try (AddressSlot slot = AddressSlot.claim(Path.of(args[0]), n -> false)) {
                System.out.println("holding " + slot.number());
                System.out.flush();
                while (System.in.read() >= 0) {
                    // wait for the test to let go
                }
            }
        }
    }
}
