package org.parley.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.server.core.store.DirectMessageRecord;
import org.parley.server.core.store.StoredDirectMessage;

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

    @Test
    void anIdleWindowHoldsNothingAndGivesItBackOnceEverythingIsAcknowledged() {
        DeliveryWindow window = new DeliveryWindow();
        assertThat(window.isEmpty()).isTrue();
        assertThat(window.acknowledge(List.of(1L))).isEmpty();
        assertThat(window.holds(1L)).isFalse();
        assertThat(window.nextBuffered()).isNull();

        window.reading(true);
        window.paged(List.of(message(1), message(2)), true);
        assertThat(window.isEmpty()).isFalse();
        assertThat(window.holds(2L)).isTrue();
        assertThat(window.cursor()).isEqualTo(2L);
        assertThat(window.nextBuffered().id()).isEqualTo(1L);
        window.sent(1L, 100);
        assertThat(window.nextBuffered().id()).isEqualTo(2L);
        window.sent(2L, 100);
        assertThat(window.hasBuffered()).isFalse();
        assertThat(window.holds(1L)).isTrue();

        assertThat(window.acknowledge(List.of(1L, 3L))).containsExactly(1L);
        assertThat(window.isEmpty()).isFalse();
        assertThat(window.acknowledge(List.of(2L))).containsExactly(2L);
        assertThat(window.isEmpty()).isTrue();
        assertThat(window.hasRoom()).isTrue();
        // the bytes in flight went back to zero with the map
        window.sent(3L, (int) DeliveryWindow.MAX_IN_FLIGHT_BYTES - 1);
        assertThat(window.hasRoom()).isTrue();
    }

    private static StoredDirectMessage message(long id) {
        return new StoredDirectMessage(id, new DirectMessageRecord("ann", "bob", "m" + id, id));
    }
}
