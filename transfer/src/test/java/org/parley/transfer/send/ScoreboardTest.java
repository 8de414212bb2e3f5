package org.parley.transfer.send;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScoreboardTest {
    @Test
    void aResumedTransferStartsAfterWhatTheAudienceHoldsAndNothingBelowCountsAsLost() {
        Scoreboard board = new Scoreboard(10, 8);
        board.alreadyHeldBelow(6);

        assertThat(board.cumulative()).isEqualTo(6);
        int first = board.next(8);
        assertThat(first).isEqualTo(6);
        board.sent(first, 1_000);
        board.acknowledgeRange(6, 7);
        board.detectLosses(0);
        assertThat(board.next(8)).isEqualTo(7);
        assertThat(board.retransmissions()).isZero();

        Scoreboard whole = new Scoreboard(3, 8);
        whole.alreadyHeldBelow(99);
        assertThat(whole.allDelivered()).as("a resume point past the end holds everything").isTrue();
        assertThat(whole.next(8)).isEqualTo(-1);
    }

    @Test
    void windowLimitsChunksInFlight() {
        Scoreboard board = new Scoreboard(100, 8);
        for (int i = 0; i < 4; i++) {
            board.sent(board.next(4), i);
        }
        assertThat(board.next(4)).isEqualTo(-1);
        board.acknowledgeBelow(1);
        assertThat(board.next(4)).isEqualTo(4);
    }

    @Test
    void chunkIsLostOnceSomethingSentAfterItIsDeliveredAndIsRetransmittedFirst() {
        Scoreboard board = new Scoreboard(100, 16);
        for (int i = 0; i < 5; i++) {
            board.sent(board.next(16), 1_000L * i);
        }
        board.acknowledgeBelow(1);
        board.acknowledgeRange(2, 5);
        board.detectLosses(100);

        assertThat(board.next(16)).isEqualTo(1);
        assertThat(board.retransmissions()).isEqualTo(1);
        assertThat(board.next(16)).isEqualTo(5);
    }

    @Test
    void retransmissionIsNotDeclaredLostAgainByDeliveriesOfOlderSends() {
        Scoreboard board = new Scoreboard(100, 16);
        for (int i = 0; i < 3; i++) {
            board.sent(board.next(16), 1_000L * i);
        }
        board.acknowledgeRange(1, 2);
        board.detectLosses(0);
        board.sent(board.next(16), 10_000L);

        board.acknowledgeRange(2, 3);
        board.detectLosses(0);

        assertThat(board.next(16)).isEqualTo(3);
    }

    @Test
    void timeoutResendsOnlyTheOldestChunkInFlight() {
        Scoreboard board = new Scoreboard(3, 16);
        for (int i = 0; i < 3; i++) {
            board.sent(board.next(16), i);
        }
        board.acknowledgeRange(1, 2);

        assertThat(board.declareOldestInFlightLost()).isTrue();
        assertThat(board.pipe()).isEqualTo(1);
        assertThat(board.next(16)).isEqualTo(0);
        assertThat(board.next(16)).isEqualTo(-1);
    }

    @Test
    void probeDeliveredAfterTimeoutExposesEveryOlderHole() {
        Scoreboard board = probedAfterTimeout(4);

        board.echoed(100);
        board.acknowledgeBelow(1);
        board.detectLosses(0);

        assertThat(board.next(16)).isEqualTo(1);
        assertThat(board.next(16)).isEqualTo(2);
        assertThat(board.next(16)).isEqualTo(3);
    }

    @Test
    void anAckForTheFirstCopyOfASpuriouslyRetransmittedChunkDeclaresNothingLost() {
        // A timeout while chunk 0 sat in a queue: the probe goes at 100, then the first copy's ACK comes back,
        // echoing chunk 0's own first send (the probe had not arrived).
        Scoreboard board = probedAfterTimeout(4);

        board.echoed(0);
        board.acknowledgeBelow(1);
        board.detectLosses(0);

        assertThat(board.next(16)).as("chunks 1 to 3 are in flight, not lost").isEqualTo(-1);
        assertThat(board.pipe()).isEqualTo(3);
        assertThat(board.retransmissions()).isEqualTo(1);

        board.echoed(3);
        board.acknowledgeBelow(4);
        assertThat(board.allDelivered()).isTrue();
    }

    @Test
    void withAnImplausibleEchoNoRetransmittedSendTimeIsTrusted() {
        Scoreboard board = probedAfterTimeout(3);

        board.echoed(Long.MIN_VALUE);
        board.acknowledgeBelow(1);
        board.detectLosses(0);

        assertThat(board.next(16)).isEqualTo(-1);
        assertThat(board.pipe()).isEqualTo(2);
    }

    @Test
    void allDeliveredWhenCumulativeReachesTheEnd() {
        Scoreboard board = new Scoreboard(2, 16);
        board.sent(board.next(16), 0);
        board.sent(board.next(16), 1);
        board.acknowledgeRange(1, 2);
        assertThat(board.allDelivered()).isFalse();
        board.acknowledgeBelow(2);
        assertThat(board.allDelivered()).isTrue();
        assertThat(board.pipe()).isZero();
    }

    /** {@code chunks} chunks sent at times 0, 1, 2...; then a timeout, and chunk 0 resent as the probe at 100. */
    private static Scoreboard probedAfterTimeout(int chunks) {
        Scoreboard board = new Scoreboard(chunks, 16);
        for (int i = 0; i < chunks; i++) {
            board.sent(board.next(16), i);
        }
        assertThat(board.declareOldestInFlightLost()).isTrue();
        board.sent(board.next(16), 100);
        return board;
    }
}
