package org.parley.transfer.receive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
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
        ByteBuffer out = ByteBuffer.allocate(64);
        chunks.writeRanges(out, 3);
        out.flip();

        assertThat(out.getShort()).isEqualTo((short) 3);
        assertThat(new int[] {out.getInt(), out.getInt(), out.getInt(), out.getInt(), out.getInt(), out.getInt()})
                .containsExactly(3, 5, 7, 8, 9, 12);
        assertThat(out.hasRemaining()).isFalse();
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
        ByteBuffer first = ByteBuffer.allocate(64);
        int next = chunks.writeRanges(first, 2, chunks.cumulative());
        assertThat(next).isEqualTo(6);
        ByteBuffer second = ByteBuffer.allocate(64);
        next = chunks.writeRanges(second, 2, next);
        assertThat(next).isEqualTo(12);
        ByteBuffer third = ByteBuffer.allocate(64);
        assertThat(chunks.writeRanges(third, 2, next)).isEqualTo(-1);

        assertThat(ranges(first)).containsExactly(2, 3, 4, 5);
        assertThat(ranges(second)).containsExactly(6, 7, 8, 10);
        assertThat(ranges(third)).containsExactly(12, 13, 19, 20);
    }

    private static int[] ranges(ByteBuffer written) {
        written.flip();
        int[] pairs = new int[written.getShort() * 2];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = written.getInt();
        }
        return pairs;
    }
}
