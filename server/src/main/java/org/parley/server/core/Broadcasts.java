package org.parley.server.core;

import java.util.ArrayList;
import java.util.List;
import org.parley.protocol.Event;
import org.parley.protocol.Request;
import org.parley.protocol.Response;

/**
 * broadcast / BCM (SPEC 3.2). The store numbers a broadcast as it commits it, so a broadcast that
 * fails takes no number and the committed numbers are always 1..n without gaps. The number is learnt
 * from the completed future; futures complete in commit order and continue on the core thread in that
 * order, so broadcasts are fanned out in number order.
 */
final class Broadcasts {

    private final CoreContext ctx;

    Broadcasts(CoreContext ctx) {
        this.ctx = ctx;
    }

    void send(Session session, Request.SendBroadcast req) {
        String from = session.username();
        long at = ctx.now();
        ctx.then(ctx.store.saveBroadcast(from, req.text(), at), (number, err) -> {
            if (err != null) {
                Reply.internal(session, req.id(), "storing a broadcast", err);
                return;
            }
            List<Outbound> recipients = new ArrayList<>(ctx.presence.count());
            boolean skipped = false;
            for (Session other : ctx.presence.sessions()) {
                if (other == session) {
                    continue;
                }
                if (ctx.blocks.hasBlocked(other.username(), from)) {
                    skipped = true;
                } else {
                    recipients.add(other.out());
                }
            }
            ctx.fanOut(new Event.BroadcastReceived(from, req.text(), number, at), recipients);
            session.out().send(new Response.BroadcastSent(req.id(), number, at, skipped));
            ctx.console.record(from, "broadcast #" + number + (skipped ? " (some recipients skipped)" : ""));
        });
    }
}
