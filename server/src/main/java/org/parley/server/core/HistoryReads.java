package org.parley.server.core;

import java.util.ArrayList;
import java.util.List;
import org.parley.protocol.HistoryItem;
import org.parley.protocol.HistoryKind;
import org.parley.protocol.Request;
import org.parley.protocol.Response;

/**
 * RDM b / RDM s (SPEC 4.3): committed messages strictly after a time, the caller's own included,
 * those from users the caller has blocked left out.
 */
final class HistoryReads {

    private final CoreContext ctx;
    private final Rooms rooms;

    HistoryReads(CoreContext ctx, Rooms rooms) {
        this.ctx = ctx;
        this.rooms = rooms;
    }

    void read(Session session, Request.ReadHistory req) {
        String self = session.username();
        if (req.kind() == HistoryKind.BROADCAST) {
            ctx.then(ctx.store.broadcastsAfter(req.since()), (list, err) -> {
                if (err != null) {
                    Reply.internal(session, req.id(), "reading the broadcast history", err);
                    return;
                }
                List<HistoryItem> items = new ArrayList<>();
                for (var b : list) {
                    if (!ctx.blocks.hasBlocked(self, b.from())) {
                        items.add(new HistoryItem(0, b.number(), b.from(), b.text(), b.at()));
                    }
                }
                reply(session, req, items);
            });
        } else {
            ctx.then(ctx.store.roomMessagesAfter(rooms.roomsOf(self), req.since()), (list, err) -> {
                if (err != null) {
                    Reply.internal(session, req.id(), "reading the room history", err);
                    return;
                }
                List<HistoryItem> items = new ArrayList<>();
                for (var m : list) {
                    if (!ctx.blocks.hasBlocked(self, m.from())) {
                        items.add(new HistoryItem(m.roomId(), m.number(), m.from(), m.text(), m.at()));
                    }
                }
                reply(session, req, items);
            });
        }
    }

    private void reply(Session session, Request.ReadHistory req, List<HistoryItem> items) {
        session.out().send(new Response.History(req.id(), req.kind(), items));
        ctx.console.record(session, "read " + (req.kind() == HistoryKind.BROADCAST ? "broadcast" : "room")
                + " history: " + items.size() + " message(s)");
    }
}
