package org.parley.server.core;

import java.util.List;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Event;
import org.parley.protocol.Request;
import org.parley.protocol.Response;
import org.parley.server.storage.DirectMessageRecord;

/**
 * message (SPEC 3.1). Every message is committed before anything is said about it. To a recipient
 * online at sending time it is stored already marked delivered (one write) and pushed after the
 * commit; if the recipient left in between, it is put back to pending before the sender hears that it
 * was stored, so nothing acknowledged is lost.
 */
final class DirectMessages {

    private final CoreContext ctx;

    DirectMessages(CoreContext ctx) {
        this.ctx = ctx;
    }

    void send(Session session, Request.SendMessage req) {
        String from = session.username();
        String to = req.to();
        if (!ctx.exists(to)) {
            Reply.invalidUser(session, req.id());
            return;
        }
        if (to.equals(from)) {
            Reply.error(session, req.id(), ErrorCode.SELF, "Error. Cannot message self");
            return;
        }
        if (ctx.blocks.hasBlocked(to, from)) {
            Reply.error(session, req.id(), ErrorCode.BLOCKED_BY_RECIPIENT,
                    "Your message could not be delivered as the recipient has blocked you");
            ctx.console.record(from, "message to " + to + " refused: blocked");
            return;
        }
        long at = ctx.now();
        var record = new DirectMessageRecord(from, to, req.text(), at);
        boolean live = ctx.presence.isOnline(to);
        var saved = live ? ctx.store.saveDeliveredMessage(record) : ctx.store.saveOfflineMessage(record);
        ctx.then(saved, (id, err) -> {
            if (err != null) {
                Reply.internal(session, req.id(), "storing a message to " + to, err);
                return;
            }
            Session recipient = ctx.presence.session(to);
            if (recipient != null && !ctx.blocks.hasBlocked(to, from)) {
                recipient.out().send(new Event.MessageReceived(from, req.text(), at, false));
                if (!live) {
                    ctx.store.markDelivered(List.of(id));
                }
                session.out().send(new Response.MessageSent(req.id(), to, false));
                ctx.console.record(from, "messaged " + to);
            } else if (live) {
                ctx.then(ctx.store.markPending(List.of(id)), (v, e) -> {
                    if (e != null) {
                        Reply.internal(session, req.id(), "putting a message to " + to + " back to pending", e);
                    } else {
                        stored(session, req, to);
                    }
                });
            } else {
                stored(session, req, to);
            }
        });
    }

    private void stored(Session session, Request.SendMessage req, String to) {
        session.out().send(new Response.MessageSent(req.id(), to, true));
        ctx.console.record(session.username(), "messaged " + to + " (stored: offline)");
    }
}
