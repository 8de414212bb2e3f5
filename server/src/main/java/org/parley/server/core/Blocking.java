package org.parley.server.core;

import org.parley.protocol.ErrorCode;
import org.parley.protocol.Request;
import org.parley.server.core.bus.ClusterEvent;

/**
 * block / unblock (SPEC 3.4). The change takes effect, and is confirmed, once committed. Both are
 * idempotent and say so the same way: blocking a user already blocked is answered
 * {@code Error. <user> is already blocked}, as unblocking one not blocked is {@code Error. <user> was not
 * blocked}; neither changes anything. In cluster mode every node holds the whole block list: a change
 * is published once committed, and re-read from the database after a bus outage.
 */
final class Blocking {

    private final CoreContext ctx;

    Blocking(CoreContext ctx) {
        this.ctx = ctx;
    }

    void block(Session session, Request.Block req) {
        String self = session.username();
        String user = req.user();
        if (!ctx.exists(user)) {
            Reply.invalidUser(session, req.id());
        } else if (user.equals(self)) {
            Reply.error(session, req.id(), ErrorCode.SELF, "Error. Cannot block self");
        } else if (ctx.blocks.hasBlocked(self, user)) {
            Reply.error(session, req.id(), ErrorCode.ALREADY_BLOCKED, "Error. " + user + " is already blocked");
        } else {
            ctx.then(ctx.store.saveBlock(self, user), (v, err) -> {
                if (err != null) {
                    Reply.internal(session, req.id(), "storing the block of " + user + " by " + self, err);
                    return;
                }
                ctx.blocks.add(self, user);
                ctx.cluster.publish(new ClusterEvent.BlockChanged(ctx.cluster.node(), self, user, true));
                Reply.ok(session, req.id());
                ctx.console.record(self, "blocked " + user);
            });
        }
    }

    /** A block or unblock another node committed: it applies here from now on. */
    void received(ClusterEvent.BlockChanged event) {
        if (event.blocking()) {
            ctx.blocks.add(event.blocker(), event.blocked());
        } else {
            ctx.blocks.remove(event.blocker(), event.blocked());
        }
    }

    void unblock(Session session, Request.Unblock req) {
        String self = session.username();
        String user = req.user();
        if (!ctx.exists(user)) {
            Reply.invalidUser(session, req.id());
        } else if (user.equals(self)) {
            Reply.error(session, req.id(), ErrorCode.SELF, "Error. Cannot unblock self");
        } else if (!ctx.blocks.hasBlocked(self, user)) {
            Reply.error(session, req.id(), ErrorCode.NOT_BLOCKED, "Error. " + user + " was not blocked");
        } else {
            ctx.then(ctx.store.deleteBlock(self, user), (v, err) -> {
                if (err != null) {
                    Reply.internal(session, req.id(), "removing the block of " + user + " by " + self, err);
                    return;
                }
                ctx.blocks.remove(self, user);
                ctx.cluster.publish(new ClusterEvent.BlockChanged(ctx.cluster.node(), self, user, false));
                Reply.ok(session, req.id());
                ctx.console.record(self, "unblocked " + user);
            });
        }
    }
}
