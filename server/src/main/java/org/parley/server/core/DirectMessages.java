package org.parley.server.core;

import org.parley.protocol.ErrorCode;
import org.parley.protocol.Request;
import org.parley.protocol.Response;
import org.parley.server.core.bus.ClusterEvent;
import org.parley.server.core.store.DirectMessageRecord;
import org.parley.server.core.store.StoredDirectMessage;

/**
 * message (SPEC 3.1). Every message is committed, pending, before anything is said about it; a
 * recipient online at the commit is offered it through {@link MessageDelivery}, which marks it delivered
 * once the recipient's client acknowledges it. A recipient who drops before that gets it at the next
 * login, so nothing acknowledged to the sender is lost.
 */
final class DirectMessages {

    private final CoreContext ctx;
    private final MessageDelivery delivery;

    DirectMessages(CoreContext ctx, MessageDelivery delivery) {
        this.ctx = ctx;
        this.delivery = delivery;
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
        ctx.then(ctx.store.saveOfflineMessage(record), (id, err) -> {
            if (err != null) {
                Reply.internal(session, req.id(), "storing a message to " + to, err);
                return;
            }
            Session recipient = ctx.presence.session(to);
            if (recipient != null && !ctx.blocks.hasBlocked(to, from)) {
                delivery.offer(recipient, new StoredDirectMessage(id, record));
                session.out().send(new Response.MessageSent(req.id(), to, false));
                ctx.console.record(from, "messaged " + to);
            } else if (recipient == null && ctx.cluster.enabled()) {
                // Published even when the recipient seems offline: a login elsewhere this node has not
                // heard of yet must not miss it until the next login.
                ctx.cluster.publish(new ClusterEvent.DirectCommitted(ctx.cluster.node(), id, from, to, req.text(), at));
                if (ctx.cluster.remote.isOnline(to) && !ctx.blocks.hasBlocked(to, from)) {
                    session.out().send(new Response.MessageSent(req.id(), to, false));
                    ctx.console.record(from, "messaged " + to + " (on another node)");
                } else {
                    stored(session, req, to);
                }
            } else {
                stored(session, req, to);
            }
        });
    }

    /** A message another node committed for a user who may be logged in here. */
    void received(ClusterEvent.DirectCommitted event) {
        Session recipient = ctx.presence.session(event.to());
        if (recipient == null || ctx.blocks.hasBlocked(event.to(), event.from())) {
            return; // stays pending; a blocked sender's message is dropped at the next login's delivery
        }
        DeliveryWindow window = recipient.delivery();
        if (window != null && event.id() <= window.cursor()) {
            delivery.late(recipient, event.id());
        } else if (event.text() == null) {
            delivery.wake(recipient); // too long for the bus: a page from the store brings it
        } else {
            delivery.offer(recipient, new StoredDirectMessage(event.id(),
                    new DirectMessageRecord(event.from(), event.to(), event.text(), event.at())));
        }
    }

    private void stored(Session session, Request.SendMessage req, String to) {
        session.out().send(new Response.MessageSent(req.id(), to, true));
        ctx.console.record(session.username(), "messaged " + to + " (stored: offline)");
    }
}
