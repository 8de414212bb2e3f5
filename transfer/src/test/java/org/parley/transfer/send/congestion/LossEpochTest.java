package org.parley.transfer.send.congestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.parley.transfer.send.congestion.LossEpoch.Verdict;

class LossEpochTest {
    private static final long MS = 1_000_000L;
    private static final int D = 100;

    @Test
    void smallRoundsAddUpToAnEpochBeforeAnythingIsDecided() {
        LossEpoch epoch = new LossEpoch(D);
        // 16 datagrams a round, one of them lost: 6% of a round means nothing yet.
        for (int round = 0; round < 3; round++) {
            assertThat(epoch.roundEnded(D, 15L * D, MS, MS)).isEqualTo(Verdict.UNDECIDED);
        }
        assertThat(epoch.roundEnded(D, 15L * D, MS, MS)).as("64 datagrams, no queue").isEqualTo(Verdict.CLEAN);
    }

    @Test
    void aQuarterLostIsCongestionWithOrWithoutAQueue() {
        LossEpoch epoch = new LossEpoch(D);
        assertThat(epoch.roundEnded(26L * D, 74L * D, MS, MS)).isEqualTo(Verdict.CONGESTED);
        assertThat(epoch.roundEnded(10L * D, 90L * D, MS, MS)).as("10% random loss").isEqualTo(Verdict.CLEAN);
    }

    @Test
    void aFewPercentLostCountOnlyWhenAQueueStoodThroughTwoEpochs() {
        LossEpoch epoch = new LossEpoch(D);
        long queued = MS + LossEpoch.QUEUE_SIGNAL_NANOS + 1;
        assertThat(epoch.roundEnded(5L * D, 95L * D, queued, MS)).as("one queued epoch: a stalled thread?")
                .isEqualTo(Verdict.CLEAN);
        assertThat(epoch.roundEnded(5L * D, 95L * D, queued, MS)).isEqualTo(Verdict.CONGESTED);
        assertThat(epoch.roundEnded(1L * D, 99L * D, queued, MS)).as("1%").isEqualTo(Verdict.CLEAN);
        assertThat(epoch.roundEnded(5L * D, 95L * D, MS + LossEpoch.QUEUE_SIGNAL_NANOS, MS))
                .as("not above the signal").isEqualTo(Verdict.CLEAN);
        assertThat(epoch.roundEnded(5L * D, 95L * D, queued, MS)).as("the queue must stand again for two")
                .isEqualTo(Verdict.CLEAN);
    }

    @Test
    void anEpochWithoutRttSamplesOrPathMinimumShowsNoQueue() {
        LossEpoch epoch = new LossEpoch(D);
        for (int i = 0; i < 3; i++) {
            assertThat(epoch.roundEnded(5L * D, 95L * D, Long.MAX_VALUE, MS)).isEqualTo(Verdict.CLEAN);
            assertThat(epoch.roundEnded(5L * D, 95L * D, 50 * MS, -1)).isEqualTo(Verdict.CLEAN);
        }
    }

    @Test
    void theRandomLossFractionIsAnAverageOverEpochsAndZeroOnceAQueueOrCongestionShows() {
        LossEpoch epoch = new LossEpoch(D);
        assertThat(epoch.randomLossFraction()).as("nothing decided yet").isZero();
        for (int i = 0; i < 100; i++) {
            epoch.roundEnded(10L * D, 90L * D, MS, MS);
        }
        assertThat(epoch.randomLossFraction()).isCloseTo(0.10, within(0.001));
        epoch.roundEnded(30L * D, 70L * D, MS, MS);
        assertThat(epoch.randomLossFraction()).as("a congested epoch").isZero();
        epoch.roundEnded(10L * D, 90L * D, MS, MS);
        assertThat(epoch.randomLossFraction()).as("random again: the average kept its history").isCloseTo(0.10, within(0.001));

        // One epoch of 20% moves the average by an eighth of the difference, not all the way.
        epoch.roundEnded(20L * D, 80L * D, MS, MS);
        assertThat(epoch.randomLossFraction()).isCloseTo(0.10 + 0.10 / LossEpoch.RANDOM_LOSS_WEIGHT, within(0.001));

        long queued = MS + LossEpoch.QUEUE_SIGNAL_NANOS + 1;
        epoch.roundEnded(1L * D, 99L * D, queued, MS);
        assertThat(epoch.randomLossFraction()).as("lost behind a queue: not random").isZero();
    }
}
