package org.parley.server.core;

import java.util.List;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Event;
import org.parley.protocol.Request;
import org.parley.protocol.Response;
import org.parley.server.storage.DirectMessageRecord;

/**
 * message (SPEC 3.1). Every message is committed before anything is said about it: delivered live to
 * an online recipient after the commit, or kept for the recipient's next login.
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
        ctx.then(ctx.store.saveOfflineMessage(new DirectMessageRecord(from, to, req.text(), at)), (id, err) -> {
            if (err != null) {
                Reply.internal(session, req.id());
                return;
            }
            Session recipient = ctx.presence.session(to);
            if (recipient != null && !ctx.blocks.hasBlocked(to, from)) {
                recipient.out().send(new Event.MessageReceived(from, req.text(), at, false));
                ctx.store.markDelivered(List.of(id));
                session.out().send(new Response.MessageSent(req.id(), to, false));
                ctx.console.record(from, "messaged " + to);
            } else {
                session.out().send(new Response.MessageSent(req.id(), to, true));
                ctx.console.record(from, "messaged " + to + " (stored: offline)");
            }
        });
    }
}
