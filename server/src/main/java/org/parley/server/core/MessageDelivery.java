package org.parley.server.core;

import java.util.ArrayList;
import java.util.List;
import org.parley.protocol.Event;
import org.parley.protocol.Request;
import org.parley.server.core.store.DirectMessageRecord;
import org.parley.server.core.store.StoredDirectMessage;

/**
 * End-to-end delivery of direct messages. Every message is stored pending; it is marked delivered only
 * when the session it was pushed to acknowledges its id, so a recipient that drops, is cut off or
 * crashes with the server gets everything unacknowledged again at its next login.
 *
 * <p>A login's backlog is read in pages (keyset by id, in the writer's queue so each page sees every
 * earlier write) and pushed with flow control: at most a {@link DeliveryWindow} of unacknowledged
 * frames is in flight, and more is sent as acknowledgements arrive, however big the backlog. A live
 * message is pushed at once only when the session has caught up with its backlog and has room;
 * otherwise it stays in the store and a later page brings it, so order stays oldest first and no
 * message is pushed twice to one session. Runs on the core thread only.
 */
final class MessageDelivery {

    /** Messages per backlog read: one page buffered per session at most. */
    static final int PAGE_SIZE = 100;

    private final CoreContext ctx;

    MessageDelivery(CoreContext ctx) {
        this.ctx = ctx;
    }

    /** A session has just logged in: start on its backlog. */
    void start(Session session) {
        session.delivery(new DeliveryWindow());
        pump(session);
    }

    /** A committed message for {@code recipient}, who is online (and has not blocked the sender). */
    void offer(Session recipient, StoredDirectMessage message) {
        DeliveryWindow window = recipient.delivery();
        if (window == null || !recipient.isLoggedIn() || message.id() <= window.cursor()) {
            return; // not in session yet, or a page already brought it
        }
        if (!window.caughtUp() || !window.hasRoom()) {
            // it stays in the store, past the cursor: a later page brings it, behind what came before
            window.fallBehind();
            pump(recipient);
            return;
        }
        window.advance(message.id());
        List<Long> dropped = new ArrayList<>(0);
        push(recipient, window, message, dropped);
        markDropped(dropped);
    }

    /**
     * Messages may be pending in the store that this session was not offered (committed on another
     * node, or missed while the bus was down): read them with the next page.
     */
    void wake(Session session) {
        DeliveryWindow window = session.delivery();
        if (window != null && session.isLoggedIn()) {
            window.fallBehind();
            pump(session);
        }
    }

    /**
     * A message committed on another node arrived after one with a higher id was already offered to
     * this session (events from different nodes are not ordered): unless this session already has it
     * (in flight or buffered), it is read back and pushed if it is still pending.
     */
    void late(Session session, long id) {
        DeliveryWindow window = session.delivery();
        if (window == null || !session.isLoggedIn() || window.holds(id)) {
            return;
        }
        ctx.then(ctx.store.pendingMessages(session.username(), id - 1, 1), (page, err) -> {
            if (err != null) {
                Faults.log("reading a late message", session.username(), err);
                return;
            }
            if (session.delivery() != window || !session.isLoggedIn() || page.isEmpty()
                    || page.get(0).id() != id || window.holds(id)) {
                return;
            }
            List<Long> dropped = new ArrayList<>(0);
            push(session, window, page.get(0), dropped);
            markDropped(dropped);
        });
    }

    /** The client has these messages: mark those this session was sent delivered, send more. */
    void ack(Session session, Request.Ack ack) {
        DeliveryWindow window = session.delivery();
        if (window == null) {
            return;
        }
        List<Long> done = window.acknowledge(ack.messageIds());
        if (!done.isEmpty()) {
            String user = session.username();
            ctx.then(ctx.store.markDelivered(done), (v, err) -> {
                if (err != null) {
                    // they stay pending: sent again at the next login, where the client drops them by id
                    Faults.log("marking " + done.size() + " acknowledged message(s) delivered", user, err);
                }
            });
        }
        pump(session);
    }

    /** Pushes buffered messages while there is room, and reads the next page when they run out. */
    private void pump(Session session) {
        DeliveryWindow window = session.delivery();
        if (window == null || !session.isLoggedIn()) {
            return;
        }
        List<Long> dropped = new ArrayList<>(0);
        int pushed = 0;
        while (window.hasRoom() && window.hasBuffered()) {
            if (push(session, window, window.nextBuffered(), dropped)) {
                pushed++;
            }
        }
        markDropped(dropped);
        if (pushed > 0) {
            ctx.console.record(session, "sent " + pushed + " stored message(s)");
        }
        if (window.needsPage()) {
            window.reading(true);
            String user = session.username();
            ctx.then(ctx.store.pendingMessages(user, window.cursor(), PAGE_SIZE),
                    (page, err) -> paged(session, window, page, err));
        }
    }

    private void paged(Session session, DeliveryWindow window, List<StoredDirectMessage> page, Throwable err) {
        if (session.delivery() != window || !session.isLoggedIn()) {
            return;
        }
        if (err != null) {
            window.reading(false);
            // the messages stay pending; the next ack or live message tries again, the next login surely
            Faults.log("reading stored messages", session.username(), err);
            return;
        }
        window.paged(page, page.size() >= PAGE_SIZE);
        pump(session);
    }

    /** False when the recipient has blocked the sender: the message is dropped (and marked delivered). */
    private boolean push(Session session, DeliveryWindow window, StoredDirectMessage stored, List<Long> dropped) {
        DirectMessageRecord m = stored.message();
        // A block made after the message was stored still applies: the blocker receives nothing.
        if (ctx.blocks.hasBlocked(session.username(), m.from())) {
            dropped.add(stored.id());
            return false;
        }
        Event.MessageReceived event = new Event.MessageReceived(stored.id(), m.from(), m.text(), m.at(),
                m.at() < session.loginAt());
        window.sent(stored.id(), FrameSizes.of(event));
        session.out().send(event);
        ctx.metrics.delivered(Event.MessageReceived.class, 1);
        return true;
    }

    private void markDropped(List<Long> dropped) {
        if (!dropped.isEmpty()) {
            ctx.then(ctx.store.markDelivered(dropped), (v, err) -> {
                if (err != null) {
                    Faults.log("marking " + dropped.size() + " message(s) from blocked senders delivered", "the server", err);
                }
            });
        }
    }
}
