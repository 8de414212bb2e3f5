package org.parley.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InOrderReleaseTest {

    /** The timers, run by hand: a test says when time passes. */
    private static final class ManualLater implements InOrderRelease.Later {
        private record Task(long dueAt, Runnable task) {}

        private final List<Task> tasks = new ArrayList<>();
        private long now;

        @Override
        public void after(long millis, Runnable task) {
            tasks.add(new Task(now + millis, task));
        }

        void advance(long millis) {
            long until = now + millis;
            while (true) {
                Task due = tasks.stream().filter(t -> t.dueAt <= until)
                        .min((a, b) -> Long.compare(a.dueAt, b.dueAt)).orElse(null);
                if (due == null) {
                    break;
                }
                tasks.remove(due);
                now = due.dueAt;
                due.task.run();
            }
            now = until;
        }
    }

    private final List<String> released = new ArrayList<>();
    private final ManualLater later = new ManualLater();
    private int storeAsked;
    private final InOrderRelease<String> release =
            new InOrderRelease<>(4, released::add, () -> storeAsked++, later);

    @Test
    void inOrderNumbersGoOutAtOnceAndNothingWaits() {
        release.offer(5, "five");
        release.offer(6, "six");

        assertThat(released).containsExactly("five", "six");
        assertThat(release.held()).isZero();
        later.advance(InOrderRelease.GIVE_UP_AFTER_MILLIS * 2);
        assertThat(storeAsked).isZero();
        assertThat(release.givenUpThrough()).isZero();
    }

    @Test
    void aNumberWaitsForItsPredecessorAndEverythingHeldFollowsItInOrder() {
        release.offer(7, "seven");
        release.offer(8, "eight");
        release.offer(6, "six");
        assertThat(released).isEmpty();
        assertThat(release.held()).isEqualTo(3);

        release.offer(5, "five");

        assertThat(released).containsExactly("five", "six", "seven", "eight");
        assertThat(release.held()).isZero();
        later.advance(InOrderRelease.GIVE_UP_AFTER_MILLIS * 2);
        assertThat(storeAsked).as("the wait ended before its timers").isZero();
    }

    @Test
    void aMissingNumberIsAskedOfTheStoreAfterFiftyMilliseconds() {
        release.offer(6, "six");

        later.advance(InOrderRelease.ASK_AFTER_MILLIS - 1);
        assertThat(storeAsked).isZero();
        later.advance(1);
        assertThat(storeAsked).isEqualTo(1);

        release.offer(5, "five (read from the store)");
        assertThat(released).containsExactly("five (read from the store)", "six");
        later.advance(InOrderRelease.GIVE_UP_AFTER_MILLIS);
        assertThat(release.givenUpThrough()).isZero();
    }

    @Test
    void afterASecondWhatIsHeldGoesOutPastTheGapAndTheLateNumberStillArrives() {
        release.offer(7, "seven");
        release.offer(6, "six");

        later.advance(InOrderRelease.GIVE_UP_AFTER_MILLIS - 1);
        assertThat(released).isEmpty();
        later.advance(1);

        assertThat(released).containsExactly("six", "seven");
        assertThat(release.givenUpThrough()).isEqualTo(5);
        release.offer(5, "five, late");
        release.offer(8, "eight");
        assertThat(released).containsExactly("six", "seven", "five, late", "eight");
    }

    @Test
    void eachGapHasItsOwnWaitCountedFromWhenItBecameTheFirst() {
        release.offer(6, "six");
        release.offer(8, "eight");
        later.advance(900);
        release.offer(5, "five"); // releases six; now seven is missing, and its wait starts now

        later.advance(200);
        assertThat(released).containsExactly("five", "six");
        assertThat(storeAsked).as("once for five, once for seven").isEqualTo(2);
        later.advance(InOrderRelease.GIVE_UP_AFTER_MILLIS - 200);

        assertThat(released).containsExactly("five", "six", "eight");
        assertThat(release.givenUpThrough()).isEqualTo(7);
    }

    @Test
    void aSecondGapAfterAGiveUpWaitsAgain() {
        release.offer(6, "six");
        release.offer(8, "eight");
        later.advance(InOrderRelease.GIVE_UP_AFTER_MILLIS);

        assertThat(released).containsExactly("six");
        assertThat(release.held()).isEqualTo(1);
        later.advance(InOrderRelease.GIVE_UP_AFTER_MILLIS);
        assertThat(released).containsExactly("six", "eight");
        assertThat(release.held()).isZero();
    }
}
