package org.parley.server.core;

import java.util.ArrayList;
import java.util.List;
import org.parley.protocol.Event;
import org.parley.protocol.Request;
import org.parley.protocol.Response;
import org.parley.server.core.bus.ClusterEvent;
import org.parley.server.core.store.BroadcastRecord;
import org.parley.server.core.store.Store;

/**
 * broadcast / BCM (SPEC 3.2). The store numbers a broadcast as it commits it, so a broadcast that
 * fails takes no number and the committed numbers are always 1..n without gaps. The number is learnt
 * from the completed future; futures complete in commit order and continue on the core thread in that
 * order, so broadcasts are fanned out in number order.
 *
 * <p>In cluster mode the number comes from the database inside the commit, so it is one sequence for
 * the whole cluster; the committing node fans out to its own sessions and publishes the broadcast once
 * for the others, which fan out to theirs. Broadcasts committed on different nodes can reach a node out of
 * number order; they are fanned out in order all the same ({@link InOrderRelease}: a broadcast waits for its
 * predecessor, for at most a second), none is delivered twice ({@link SeenNumbers}), and one missed while
 * the bus was down is read back from the database ({@link #catchUp}).
 */
final class Broadcasts {

    private static final int CATCH_UP_PAGE = Store.COLLECT_PAGE;

    /** A committed broadcast on its way to this node's sessions; {@code sender} is null for another node's. */
    private record Pending(BroadcastRecord broadcast, Session sender) {}

    private final CoreContext ctx;
    private final SeenNumbers seen;
    /** Cluster mode only: on a single node, commits complete, and so fan out, in number order. */
    private final InOrderRelease<Pending> inOrder;
    /** Cluster mode: senders with a broadcast being stored here, whose records reads leave to the commit. */
    private final CommitsInFlight committing = new CommitsInFlight();

    Broadcasts(CoreContext ctx, long lastNumber, InOrderRelease.Later later) {
        this.ctx = ctx;
        this.seen = new SeenNumbers(lastNumber);
        this.inOrder = ctx.cluster.enabled() ? new InOrderRelease<>(lastNumber, this::release, this::catchUp, later)
                : null;
    }

    void send(Session session, Request.SendBroadcast req) {
        String from = session.username();
        long at = ctx.now();
        if (inOrder != null) {
            committing.started(from);
        }
        ctx.then(ctx.store.saveBroadcast(from, req.text(), at), (number, err) -> {
            if (inOrder != null) {
                committing.ended(from);
            }
            if (err != null) {
                Reply.internal(session, req.id(), "storing a broadcast", err);
                return;
            }
            BroadcastRecord broadcast = new BroadcastRecord(number, from, req.text(), at);
            boolean skipped;
            if (inOrder == null) {
                skipped = fanOut(broadcast, session);
            } else {
                skipped = hasBlockerOnline(from, ctx.presence::isOnline);
                if (seen.see(number)) {
                    inOrder.offer(number, new Pending(broadcast, session));
                }
            }
            ctx.cluster.publish(new ClusterEvent.BroadcastCommitted(ctx.cluster.node(), number, from, req.text(), at));
            if (!skipped) {
                skipped = hasBlockerOnline(from, ctx.cluster.remote::isOnline);
            }
            session.out().send(new Response.BroadcastSent(req.id(), number, at, skipped));
            ctx.console.record(from, "broadcast #" + number + (skipped ? " (some recipients skipped)" : ""));
        });
    }

    /** A broadcast another node committed: to this node's sessions, once. */
    void received(ClusterEvent.BroadcastCommitted event) {
        if (event.text() != null) {
            deliver(new BroadcastRecord(event.number(), event.from(), event.text(), event.at()));
            return;
        }
        // too long for the bus: the text is read from the database
        ctx.then(ctx.store.broadcastsAfter(Long.MIN_VALUE, event.number() - 1, 1), (page, err) -> {
            if (err != null) {
                Faults.log("reading broadcast #" + event.number(), "the server", err);
            } else if (!page.isEmpty() && page.get(0).number() == event.number()) {
                deliver(page.get(0));
            }
        });
    }

    /** Some number below the highest fanned out here has not been seen (yet). */
    boolean hasGap() {
        return seen.hasGap();
    }

    /** Reads what was committed past the last number without a gap and delivers what was not seen. */
    void catchUp() {
        long after = seen.contiguous();
        ctx.then(ctx.store.broadcastsAfter(Long.MIN_VALUE, after, CATCH_UP_PAGE), (page, err) -> {
            if (err != null) {
                Faults.log("catching up on broadcasts after #" + after, "the server", err);
                return;
            }
            for (BroadcastRecord b : page) {
                if (!committing.any(b.from())) {
                    deliver(b); // (one being stored here is left unseen: its own commit delivers it)
                }
            }
            if (page.size() == CATCH_UP_PAGE && seen.contiguous() > after) {
                catchUp();
            }
        });
    }

    /** Committed on another node: fanned out here (once, in number order) and added to this node's log. */
    private void deliver(BroadcastRecord broadcast) {
        if (seen.see(broadcast.number())) {
            inOrder.offer(broadcast.number(), new Pending(broadcast, null));
        }
    }

    /**
     * Cluster mode: its predecessors are out (or given up on). Not to a session that logged in after it was
     * committed: a single server never shows a broadcast older than the login live, and a held one must not.
     */
    private void release(Pending p) {
        fanOut(p.broadcast, p.sender, p.broadcast.at());
        if (p.sender == null) {
            ctx.cluster.mode().logs().broadcast(p.broadcast);
        }
    }


    /** To every session here but the sender's; true if a blocker was skipped. */
    private boolean fanOut(BroadcastRecord b, Session sender) {
        return fanOut(b, sender, Long.MAX_VALUE);
    }

    /** ... and only to sessions logged in at or before {@code loggedInBy}. */
    private boolean fanOut(BroadcastRecord b, Session sender, long loggedInBy) {
        List<Outbound> recipients = new ArrayList<>(ctx.presence.count());
        boolean skipped = false;
        for (Session other : ctx.presence.sessions()) {
            if (other == sender || other.loginAt() > loggedInBy) {
                continue;
            }
            if (ctx.blocks.hasBlocked(other.username(), b.from())) {
                skipped = true;
            } else {
                recipients.add(other.out());
            }
        }
        ctx.fanOut(new Event.BroadcastReceived(b.from(), b.text(), b.number(), b.at()), recipients);
        return skipped;
    }

    /**
     * Whether a user who has blocked the sender is online (here, or on another node): they are skipped. Known
     * before the fan-out, which in cluster mode may wait for an earlier number.
     */
    private boolean hasBlockerOnline(String from, java.util.function.Predicate<String> online) {
        for (String blocker : ctx.blocks.blockersOf(from)) {
            if (online.test(blocker)) {
                return true;
            }
        }
        return false;
    }
}
