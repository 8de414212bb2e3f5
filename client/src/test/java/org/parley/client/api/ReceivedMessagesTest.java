package org.parley.client.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReceivedMessagesTest {

    @Test
    void anIdIsNewOnceAndTheMemoryKeepsTheNewestOnly() {
        ReceivedMessages seen = new ReceivedMessages(3);
        assertThat(seen.firstTime(1)).isTrue();
        assertThat(seen.firstTime(1)).isFalse();
        assertThat(seen.firstTime(2)).isTrue();
        assertThat(seen.firstTime(3)).isTrue();
        assertThat(seen.firstTime(4)).isTrue();
        assertThat(seen.size()).isEqualTo(3);
        assertThat(seen.firstTime(4)).isFalse();
        assertThat(seen.firstTime(1)).as("the oldest was forgotten").isTrue();
    }
}
