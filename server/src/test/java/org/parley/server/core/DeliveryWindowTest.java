package org.parley.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryWindowTest {

    @Test
    void aPageReadWhileAMessageFellBehindDoesNotMarkTheBacklogDrained() {
        DeliveryWindow window = new DeliveryWindow();
        window.reading(true);
        // another node's message arrives while a page that may not see it is being read
        window.fallBehind();
        window.paged(List.of(), false);
        assertThat(window.caughtUp()).isFalse();
        assertThat(window.needsPage()).isTrue();
        window.reading(true);
        window.paged(List.of(), false);
        assertThat(window.caughtUp()).isTrue();
    }
}
