package org.parley.transfer.send;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.parley.transfer.wire.Wire;

class RttEstimatorTest {
    @Test
    void aLostOfferIsRepeatedAfter25MillisecondsNotAfterTheOld200() {
        RttEstimator rtt = new RttEstimator();

        assertThat(rtt.rtoNanos()).isEqualTo(25_000_000L);
        assertThat(rtt.smoothedNanos()).isZero();
        assertThat(rtt.reorderWindowNanos()).isZero();
    }

    @Test
    void theFirstSampleSetsTheTimeoutAsRfc6298SaysPlusTheAudiencesAckDelay() {
        RttEstimator rtt = new RttEstimator();

        assertThat(rtt.sample(10_400, 10_000)).isEqualTo(400_000L);

        // smoothed 400 us, variance 200 us: 400 + 4 * 200 = 1,200 us, below the 2 ms floor
        assertThat(rtt.rtoNanos()).isEqualTo(2_000_000L + Wire.MAX_ACK_DELAY_NANOS);
        assertThat(rtt.reorderWindowNanos()).isEqualTo(100_000L);

        RttEstimator slow = new RttEstimator();
        slow.sample(80_000, 0);
        // 80 ms + 4 * 40 ms
        assertThat(slow.rtoNanos()).isEqualTo(240_000_000L + Wire.MAX_ACK_DELAY_NANOS);
    }

    @Test
    void anEchoFromTheFutureOrAMinuteAgoIsIgnored() {
        RttEstimator rtt = new RttEstimator();

        assertThat(rtt.sample(1_000, 2_000)).isEqualTo(-1);
        assertThat(rtt.sample(61_000_001, 0)).isEqualTo(-1);
        assertThat(rtt.rtoNanos()).as("still no sample").isEqualTo(25_000_000L);
    }

    @Test
    void theMicrosecondClockWrapsWithoutABadSample() {
        RttEstimator rtt = new RttEstimator();

        assertThat(rtt.sample(Integer.MIN_VALUE + 499, Integer.MAX_VALUE - 500)).isEqualTo(1_000_000L);
    }
}
