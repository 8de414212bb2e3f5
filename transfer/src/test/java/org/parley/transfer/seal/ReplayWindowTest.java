package org.parley.transfer.seal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplayWindowTest {
    private final ReplayWindow window = new ReplayWindow();

    private boolean accept(long counter) {
        if (!window.isFresh(counter)) {
            return false;
        }
        window.mark(counter);
        return true;
    }

    @Test
    void eachCounterIsTakenOnceInAnyOrderWithinTheWindow() {
        assertThat(accept(5)).isTrue();
        assertThat(accept(5)).isFalse();
        assertThat(accept(0)).isTrue();
        assertThat(accept(3)).isTrue();
        assertThat(accept(3)).isFalse();
        assertThat(accept(ReplayWindow.SIZE)).isTrue();
        assertThat(accept(1)).as("still inside the window").isTrue();
        assertThat(accept(1)).isFalse();
        assertThat(accept(-1)).isFalse();
    }

    @Test
    void whatFellBehindTheWindowIsRefusedAndAFarJumpForgetsEverything() {
        assertThat(accept(10)).isTrue();
        assertThat(accept(10 + ReplayWindow.SIZE)).isTrue();
        assertThat(accept(10 + 1)).as("the oldest counter inside the window").isTrue();
        assertThat(accept(9)).as("never seen, but behind the window").isFalse();
        assertThat(accept(1_000_000)).isTrue();
        assertThat(accept(1_000_000 - ReplayWindow.SIZE + 1)).as("fresh after the jump").isTrue();
        assertThat(accept(1_000_000 - ReplayWindow.SIZE)).isFalse();
        assertThat(accept(Long.MAX_VALUE)).isTrue();
        assertThat(accept(Long.MAX_VALUE)).isFalse();
    }

    @Test
    void aCheckAloneNeverMovesTheWindow() {
        assertThat(window.isFresh(1L << 40)).isTrue();
        assertThat(accept(7)).as("a forged far counter that failed authentication left no trace").isTrue();
    }

    @Test
    void agreesWithASimpleModelOnRandomTraffic() {
        Random random = new Random(20261202);
        Set<Long> seen = new HashSet<>();
        long highest = -1;
        long next = 0;
        for (int i = 0; i < 200_000; i++) {
            long counter = random.nextInt(10) == 0 && next > 0
                    ? Math.max(0, next - 1 - random.nextInt(2 * ReplayWindow.SIZE))
                    : next++ + random.nextInt(3);
            boolean expected = !seen.contains(counter) && (counter > highest || highest - counter < ReplayWindow.SIZE);
            assertThat(accept(counter)).as("counter %d after highest %d", counter, highest).isEqualTo(expected);
            if (expected) {
                seen.add(counter);
                highest = Math.max(highest, counter);
            }
        }
    }
}
