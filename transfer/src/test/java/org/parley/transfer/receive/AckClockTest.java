package org.parley.transfer.receive;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AckClockTest {
    @Test
    void anInOrderStreamIsWorthAnAckPerBatchAndOwesOneAtTwiceTheBatch() {
        AckClock clock = new AckClock();
        clock.sent(16 * 4); // batch 4
        for (int seq = 0; seq < 3; seq++) {
            assertThat(clock.data(seq, seq)).isFalse();
            assertThat(clock.useful()).isFalse();
        }
        assertThat(clock.data(3, 3)).isFalse();
        assertThat(clock.useful()).as("a batch").isTrue();
        for (int seq = 4; seq < 7; seq++) {
            assertThat(clock.data(seq, seq)).isFalse();
        }
        assertThat(clock.data(7, 70)).as("twice the batch").isTrue();
        assertThat(clock.sent(64)).as("the newest timestamp is echoed").isEqualTo(70);
        assertThat(clock.due()).isFalse();
    }

    @Test
    void aGapARepairOrAPingMattersAtOnceAndAResumeSetsWhereTheStreamContinues() {
        AckClock clock = new AckClock();
        clock.sent(1_024);
        clock.expect(10);
        clock.data(10, 1);
        assertThat(clock.useful()).as("the next chunk of a resumed stream is in order").isFalse();
        clock.data(12, 2);
        assertThat(clock.useful()).as("a gap").isTrue();
        clock.sent(1_024);
        clock.data(11, 3);
        assertThat(clock.useful()).as("the repair").isTrue();
        clock.sent(1_024);
        clock.ping(99);
        assertThat(clock.useful()).isTrue();
        assertThat(clock.sent(1_024)).isEqualTo(99);
    }
}
