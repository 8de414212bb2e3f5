package org.parley.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.protocol.Frame;
import org.parley.protocol.FrameCodec;
import org.parley.protocol.HistoryCursor;
import org.parley.protocol.HistoryItem;
import org.parley.protocol.HistoryKind;
import org.parley.protocol.Limits;
import org.parley.protocol.Response;

class HistoryPageTest {

    private static final FrameCodec<Frame> CODEC = FrameCodec.frames();
    private static final HistoryCursor WIDEST = new HistoryCursor(Long.MIN_VALUE, Long.MIN_VALUE);

    private static HistoryItem item(long number, String text) {
        return new HistoryItem(Long.MAX_VALUE, number, "x".repeat(Limits.MAX_USERNAME_CHARS), text, Long.MIN_VALUE);
    }

    /** Bytes on the wire, newline included. */
    private static int wire(Response.History page) {
        return CODEC.encode(page).length + 1;
    }

    @Test
    void aPageOfTheWorstTextsStaysWithinTheFrameAndIsFilledToIt() {
        // control characters are refused at the door, but the page must not rely on it: 6 bytes each
        for (String unit : List.of("\u0001", "\"", "\u2713", "\uD83D\uDE00", "a")) {
            String text = unit.repeat(Limits.MAX_TEXT_CHARS / unit.length());
            HistoryPage page = new HistoryPage(Long.MAX_VALUE, HistoryKind.ROOMS);
            int added = 0;
            while (page.tryAdd(item(added, text))) {
                added++;
            }
            assertThat(added).as(unit).isPositive();
            Response.History widest = page.finish(false, WIDEST);
            assertThat(wire(widest)).as(unit).isLessThanOrEqualTo(Limits.MAX_FRAME_BYTES).isEqualTo(page.frameBytes());
            assertThat(wire(page.finish(true, new HistoryCursor(1, added)))).isLessThanOrEqualTo(Limits.MAX_FRAME_BYTES);
            // and the one refused would not have fitted
            List<HistoryItem> more = new ArrayList<>(widest.items());
            more.add(item(added, text));
            assertThat(wire(new Response.History(Long.MAX_VALUE, HistoryKind.ROOMS, more, false, WIDEST)))
                    .as(unit).isGreaterThan(Limits.MAX_FRAME_BYTES);
        }
    }

    @Test
    void aPageOfShortTextsIsBoundedInItems() {
        HistoryPage page = new HistoryPage(1, HistoryKind.BROADCAST);
        int added = 0;
        while (page.tryAdd(new HistoryItem(0, added + 1, "yoda", "hm", 1))) {
            added++;
        }
        assertThat(added).isEqualTo(HistoryPage.MAX_ITEMS);
        assertThat(page.isFull()).isTrue();
        assertThat(wire(page.finish(true, new HistoryCursor(0, added)))).isLessThan(Limits.MAX_FRAME_BYTES);
    }

    @Test
    void itemsThatDoNotFitAreRefusedWithoutSpoilingThePage() {
        HistoryPage page = new HistoryPage(1, HistoryKind.BROADCAST, 10, 600);
        assertThat(page.tryAdd(new HistoryItem(0, 1, "yoda", "x".repeat(300), 1))).isTrue();
        assertThat(page.tryAdd(new HistoryItem(0, 2, "yoda", "x".repeat(300), 1))).isFalse();
        assertThat(page.tryAdd(new HistoryItem(0, 3, "yoda", "short", 1))).isTrue();
        Response.History done = page.finish(false, new HistoryCursor(0, 3));
        assertThat(done.items()).extracting(HistoryItem::number).containsExactly(1L, 3L);
        assertThat(wire(done)).isLessThanOrEqualTo(600);
    }
}
