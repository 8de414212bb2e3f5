package org.parley.transfer.receive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.parley.transfer.wire.AckRange;
import org.junit.jupiter.api.Test;

class ReceivedChunksTest {
    @Test
    void cumulativePointAdvancesOverContiguousChunksOnly() {
        ReceivedChunks chunks = new ReceivedChunks(10);
        chunks.add(1);
        assertThat(chunks.cumulative()).isZero();
        chunks.add(0);
        assertThat(chunks.cumulative()).isEqualTo(2);
        assertThat(chunks.add(1)).isFalse();
    }

    @Test
    void reportsHeldRangesAboveTheCumulativePointNearestFirst() {
        ReceivedChunks chunks = new ReceivedChunks(20);
        for (int seq : new int[] {0, 3, 4, 7, 9, 10, 11, 19}) {
            chunks.add(seq);
        }
        List<AckRange> out = new ArrayList<>();
        assertThat(chunks.ranges(out, 3, chunks.cumulative())).isEqualTo(19);

        assertThat(out).containsExactly(new AckRange(3, 5), new AckRange(7, 8), new AckRange(9, 12));
    }

    @Test
    void completeOnlyWhenEveryChunkIsHeld() {
        ReceivedChunks chunks = new ReceivedChunks(3);
        chunks.add(2);
        chunks.add(0);
        assertThat(chunks.complete()).isFalse();
        chunks.add(1);
        assertThat(chunks.complete()).isTrue();
        assertThat(new ReceivedChunks(0).complete()).isTrue();
    }

    @Test
    void aLongRangeListContinuesWhereThePreviousAckStopped() {
        ReceivedChunks chunks = new ReceivedChunks(20);
        for (int seq : new int[] {0, 2, 4, 6, 8, 9, 12, 19}) {
            chunks.add(seq);
        }
        List<AckRange> first = new ArrayList<>();
        int next = chunks.ranges(first, 2, chunks.cumulative());
        assertThat(next).isEqualTo(6);
        List<AckRange> second = new ArrayList<>();
        next = chunks.ranges(second, 2, next);
        assertThat(next).isEqualTo(12);
        List<AckRange> third = new ArrayList<>();
        assertThat(chunks.ranges(third, 2, next)).isEqualTo(-1);

        assertThat(first).containsExactly(new AckRange(2, 3), new AckRange(4, 5));
        assertThat(second).containsExactly(new AckRange(6, 7), new AckRange(8, 10));
        assertThat(third).containsExactly(new AckRange(12, 13), new AckRange(19, 20));
    }
}
