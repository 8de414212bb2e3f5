package org.parley.server.core;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.parley.protocol.HistoryCursor;
import org.parley.protocol.HistoryItem;
import org.parley.protocol.HistoryKind;
import org.parley.protocol.Request;
import org.parley.protocol.Response;

/**
 * RDM b / RDM s (SPEC 4.3), one page per request: committed messages strictly after a time, the
 * caller's own included, those from users the caller has blocked left out. A page is filled from
 * keyset reads of the store, a few rows at a time, until it is full ({@link HistoryPage}: items and
 * encoded bytes), the history ends, or {@link #MAX_SCANNED} rows have been looked at; so one reader
 * holds at most one page and one store read in memory, whatever the history's size, and a run of
 * messages from blocked senders never ends the listing early (the cursor goes past what was left out,
 * and {@code more} stays true). Core thread only: every continuation runs there.
 */
final class HistoryReads {

    /** Rows one request looks at, at most: bounds the work behind a page that blocked senders fill. */
    static final int MAX_SCANNED = 2_000;
    /** Rows of the first store read of a page, before the items' sizes are known. */
    static final int FIRST_FETCH = 16;

    private final CoreContext ctx;
    private final Rooms rooms;

    HistoryReads(CoreContext ctx, Rooms rooms) {
        this.ctx = ctx;
        this.rooms = rooms;
    }

    void read(Session session, Request.ReadHistory req) {
        new PageRead(session, req).fetch();
    }

    /** The reading of one page: the chain of store reads behind one request. */
    private final class PageRead {

        private final Session session;
        private final Request.ReadHistory req;
        private final HistoryPage page;
        private HistoryCursor position;
        private int scanned;

        PageRead(Session session, Request.ReadHistory req) {
            this.session = session;
            this.req = req;
            this.page = new HistoryPage(req.id(), req.kind());
            this.position = req.from();
        }

        void fetch() {
            int limit = fetchSize();
            ctx.then(rows(limit), (rows, err) -> {
                if (err != null) {
                    Reply.internal(session, req.id(), "reading the " + req.kind().name().toLowerCase() + " history", err);
                } else {
                    take(rows, limit);
                }
            });
        }

        private CompletableFuture<List<HistoryItem>> rows(int limit) {
            if (req.kind() == HistoryKind.BROADCAST) {
                return ctx.store.broadcastsAfter(req.since(), position.number(), limit).thenApply(list -> list.stream()
                        .map(b -> new HistoryItem(0, b.number(), b.from(), b.text(), b.at())).toList());
            }
            return ctx.store.roomMessagesAfter(rooms.roomsOf(session.username()), req.since(), position.roomId(),
                    position.number(), limit).thenApply(list -> list.stream()
                    .map(m -> new HistoryItem(m.roomId(), m.number(), m.from(), m.text(), m.at())).toList());
        }

        private void take(List<HistoryItem> rows, int limit) {
            String self = session.username();
            boolean exhausted = rows.size() < limit;
            for (int i = 0; i < rows.size(); i++) {
                HistoryItem item = rows.get(i);
                boolean left = ctx.blocks.hasBlocked(self, item.from());
                if (!left && !page.tryAdd(item)) {
                    reply(true); // this item starts the next page
                    return;
                }
                position = new HistoryCursor(item.roomId(), item.number());
                scanned++;
                if (page.isFull()) {
                    reply(!(exhausted && i == rows.size() - 1));
                    return;
                }
            }
            if (exhausted) {
                reply(false);
            } else if (scanned >= MAX_SCANNED) {
                reply(true);
            } else {
                fetch();
            }
        }

        /**
         * Enough rows to fill the page at the size of the items so far; a few when nothing is known, and
         * twice as many as were left out (up to a page) while every row so far was from a blocked sender.
         */
        private int fetchSize() {
            int slots = HistoryPage.MAX_ITEMS - page.size();
            if (page.size() == 0) {
                return Math.min(slots, Math.max(FIRST_FETCH, scanned));
            }
            int average = Math.max(1, (page.frameBytes() - page.emptyFrameBytes()) / page.size());
            return Math.max(1, Math.min(slots, page.freeBytes() / average + 1));
        }

        private void reply(boolean more) {
            Response.History result = page.finish(more, position);
            session.out().send(result);
            ctx.console.record(session, "read " + (req.kind() == HistoryKind.BROADCAST ? "broadcast" : "room")
                    + " history: " + result.items().size() + " message(s)" + (more ? ", more to follow" : ""));
        }
    }
}
