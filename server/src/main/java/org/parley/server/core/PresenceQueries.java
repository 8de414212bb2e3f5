package org.parley.server.core;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.parley.protocol.ActiveUser;
import org.parley.protocol.Request;
import org.parley.protocol.Response;

/**
 * whoelse, ATU and whoelsesince (SPEC 3.3). All three leave out the caller and anyone who has blocked
 * the caller.
 */
final class PresenceQueries {

    private final CoreContext ctx;

    PresenceQueries(CoreContext ctx) {
        this.ctx = ctx;
    }

    void whoElse(Session session, Request.WhoElse req) {
        List<String> names = new ArrayList<>();
        for (Session other : ctx.presence.sessions()) {
            if (visibleTo(other.username(), session)) {
                names.add(other.username());
            }
        }
        session.out().send(new Response.UserList(req.id(), names));
        ctx.console.record(session, "issued whoelse: " + names.size() + " user(s)");
    }

    void activeUsers(Session session, Request.ActiveUsers req) {
        List<ActiveUser> users = new ArrayList<>();
        for (Session other : ctx.presence.sessions()) {
            if (visibleTo(other.username(), session)) {
                users.add(new ActiveUser(other.username(), other.ip(), other.udpPort(), other.loginAt()));
            }
        }
        session.out().send(new Response.ActiveUserList(req.id(), users));
        ctx.console.record(session, "issued ATU: " + users.size() + " user(s)");
    }

    void whoElseSince(Session session, Request.WhoElseSince req) {
        long windowMillis = req.seconds() > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : req.seconds() * 1000;
        long since = Math.max(Long.MIN_VALUE + windowMillis, ctx.now()) - windowMillis;
        ctx.then(ctx.store.usersOnlineSince(since), (seen, err) -> {
            if (err != null) {
                Reply.internal(session, req.id(), "reading who was online", err);
                return;
            }
            // Online users first, in login order: their spans may not be committed yet.
            Set<String> names = new LinkedHashSet<>();
            for (Session other : ctx.presence.sessions()) {
                names.add(other.username());
            }
            names.addAll(seen);
            names.removeIf(name -> !visibleTo(name, session));
            session.out().send(new Response.UserList(req.id(), List.copyOf(names)));
            ctx.console.record(session, "issued whoelsesince " + req.seconds() + ": " + names.size() + " user(s)");
        });
    }

    private boolean visibleTo(String name, Session caller) {
        return !name.equals(caller.username()) && !ctx.blocks.hasBlocked(name, caller.username());
    }
}
