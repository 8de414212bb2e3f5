package org.parley.transfer.receive;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.parley.transfer.wire.Wire;

class AckClockTest {
    @Test
    void anInOrderStreamIsWorthAnAckPerBatchAndOwesOneAtTwiceTheBatch() {
        AckClock clock = new AckClock();
        clock.sent(16 * 4); // batch 4
        for (int seq = 0; seq < 3; seq++) {
            assertThat(clock.data(seq, seq, 0)).isFalse();
            assertThat(clock.useful(0)).isFalse();
        }
        assertThat(clock.data(3, 3, 0)).isFalse();
        assertThat(clock.useful(0)).as("a batch").isTrue();
        for (int seq = 4; seq < 7; seq++) {
            assertThat(clock.data(seq, seq, 0)).isFalse();
        }
        assertThat(clock.data(7, 70, 0)).as("twice the batch").isTrue();
        assertThat(clock.sent(64)).as("the newest timestamp is echoed").isEqualTo(70);
        assertThat(clock.due()).isFalse();
    }

    @Test
    void aGapARepairOrAPingMattersAtOnceAndAResumeSetsWhereTheStreamContinues() {
        AckClock clock = new AckClock();
        clock.sent(1_024);
        clock.expect(10);
        clock.data(10, 1, 0);
        assertThat(clock.useful(0)).as("the next chunk of a resumed stream is in order").isFalse();
        clock.data(12, 2, 0);
        assertThat(clock.useful(0)).as("a gap").isTrue();
        clock.sent(1_024);
        clock.data(11, 3, 0);
        assertThat(clock.useful(0)).as("the repair").isTrue();
        clock.sent(1_024);
        clock.ping(99, 0);
        assertThat(clock.useful(0)).isTrue();
        assertThat(clock.sent(1_024)).isEqualTo(99);
    }

    @Test
    void anOwedAckIsWorthSendingOnceItsOldestChunkHasWaitedTheMaximumDelay() {
        AckClock clock = new AckClock();
        clock.sent(1_024); // batch 64: a slow link would take 64 datagrams' time to fill it
        clock.data(0, 1, 5_000_000);
        clock.data(1, 2, 5_400_000);
        assertThat(clock.useful(5_000_000 + Wire.MAX_ACK_DELAY_NANOS - 1)).isFalse();
        assertThat(clock.useful(5_000_000 + Wire.MAX_ACK_DELAY_NANOS)).as("the first owed chunk decides").isTrue();

        clock.sent(1_024);
        assertThat(clock.useful(9_000_000)).as("nothing owed after the ACK").isFalse();
        clock.data(2, 3, 9_000_000);
        assertThat(clock.useful(9_000_000 + Wire.MAX_ACK_DELAY_NANOS - 1)).as("timed from the new chunk").isFalse();
    }
}
