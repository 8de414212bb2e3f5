package org.parley.server.core;

import java.util.ArrayList;
import java.util.List;
import org.parley.protocol.Event;
import org.parley.protocol.Request;
import org.parley.protocol.Response;
import org.parley.server.storage.BroadcastRecord;

/**
 * broadcast / BCM (SPEC 3.2). Numbers are handed out here, in order, and the single store writer
 * commits in that order, so the committed numbers are always 1..n without gaps.
 */
final class Broadcasts {

    private final CoreContext ctx;
    private long lastNumber;

    Broadcasts(CoreContext ctx, long lastCommittedNumber) {
        this.ctx = ctx;
        this.lastNumber = lastCommittedNumber;
    }

    void send(Session session, Request.SendBroadcast req) {
        String from = session.username();
        long number = ++lastNumber;
        long at = ctx.now();
        ctx.then(ctx.store.saveBroadcast(new BroadcastRecord(number, from, req.text(), at)), (v, err) -> {
            if (err != null) {
                Reply.internal(session, req.id(), "storing broadcast " + number, err);
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
