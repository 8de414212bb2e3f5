package org.parley.bench.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.bench.client.ReceiverCost.Sample;

class ReceiverCostTest {

    @Test
    void cpuAndBytesAreSummedOverReceiversAndDividedByEveryMessage() {
        // 3 receivers, 30 rounds: 90 messages; 27 ticks (270 ms) and 90 x 150 bytes between them
        List<Sample> before = List.of(new Sample(100, 1_000), new Sample(200, 5_000), new Sample(50, 0));
        List<Sample> after = List.of(new Sample(110, 5_500), new Sample(208, 9_500), new Sample(59, 4_500));

        ReceiverCost cost = ReceiverCost.between(before, after, 30);

        assertThat(cost.messages()).isEqualTo(90);
        assertThat(cost.cpuTicks()).isEqualTo(27);
        assertThat(cost.cpuMillisPerMessage()).isEqualTo(3.0);
        assertThat(cost.bytesPerMessage()).isEqualTo(150.0);
    }

    @Test
    void oneUnreadableProcessMakesTheCpuUnknownButNotTheBytes() {
        List<Sample> before = List.of(new Sample(100, 0), new Sample(-1, 0));
        List<Sample> after = List.of(new Sample(150, 400), new Sample(-1, 400));

        ReceiverCost cost = ReceiverCost.between(before, after, 2);

        assertThat(cost.cpuTicks()).isEqualTo(-1);
        assertThat(cost.cpuMillisPerMessage()).isNaN();
        assertThat(cost.bytesPerMessage()).isEqualTo(200.0);
    }

    @Test
    void samplesOfDifferentReceiversAreRefused() {
        assertThatThrownBy(() -> ReceiverCost.between(List.of(new Sample(0, 0)), List.of(), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
