package org.parley.server.core;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.parley.protocol.ActiveUser;
import org.parley.protocol.Request;
import org.parley.protocol.Response;
import org.parley.server.core.store.ClusterDirectory;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * whoelse, ATU and whoelsesince (SPEC 3.3). All three leave out the caller and anyone who has blocked
 * the caller. In cluster mode they answer for the whole cluster, from the claims in the database.
 */
final class PresenceQueries {

    private final CoreContext ctx;

    PresenceQueries(CoreContext ctx) {
        this.ctx = ctx;
    }

    void whoElse(Session session, Request.WhoElse req) {
        if (ctx.cluster.enabled()) {
            withClaims(session, req.id(), claims -> {
                List<String> names = new ArrayList<>();
                for (ClusterDirectory.Claim c : claims) {
                    if (visibleTo(c.user(), session)) {
                        names.add(c.user());
                    }
                }
                session.out().send(new Response.UserList(req.id(), names));
                ctx.console.record(session, "issued whoelse: " + names.size() + " user(s) in the cluster");
            });
            return;
        }
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
        if (ctx.cluster.enabled()) {
            withClaims(session, req.id(), claims -> {
                List<ActiveUser> users = new ArrayList<>();
                for (ClusterDirectory.Claim c : claims) {
                    if (visibleTo(c.user(), session)) {
                        users.add(new ActiveUser(c.user(), c.ip(), c.udpPort(), c.loginAt()));
                    }
                }
                session.out().send(new Response.ActiveUserList(req.id(), users));
                ctx.console.record(session, "issued ATU: " + users.size() + " user(s) in the cluster");
            });
            return;
        }
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
        if (ctx.cluster.enabled()) {
            // the claims first: their login spans may not be committed yet on the node that serves them
            withClaims(session, req.id(), claims -> {
                Set<String> online = new LinkedHashSet<>();
                claims.forEach(c -> online.add(c.user()));
                usersSince(session, req, since, () -> online);
            });
            return;
        }
        usersSince(session, req, since, () -> {
            // Online users first, in login order: their spans may not be committed yet.
            Set<String> online = new LinkedHashSet<>();
            for (Session other : ctx.presence.sessions()) {
                online.add(other.username());
            }
            return online;
        });
    }

    private void usersSince(Session session, Request.WhoElseSince req, long since, Supplier<Set<String>> online) {
        ctx.then(ctx.store.usersOnlineSince(since), (seen, err) -> {
            if (err != null) {
                Reply.internal(session, req.id(), "reading who was online", err);
                return;
            }
            Set<String> names = online.get();
            names.addAll(seen);
            names.removeIf(name -> !visibleTo(name, session));
            session.out().send(new Response.UserList(req.id(), List.copyOf(names)));
            ctx.console.record(session, "issued whoelsesince " + req.seconds() + ": " + names.size() + " user(s)");
        });
    }

    /** Cluster mode: every claim in the database, in login order; the request is answered on failure. */
    private void withClaims(Session session, long requestId, Consumer<List<ClusterDirectory.Claim>> answer) {
        ctx.then(ctx.cluster.directory().claims(), (claims, err) -> {
            if (err != null) {
                Reply.internal(session, requestId, "reading who is online in the cluster", err);
            } else {
                answer.accept(claims);
            }
        });
    }

    private boolean visibleTo(String name, Session caller) {
        return !name.equals(caller.username()) && !ctx.blocks.hasBlocked(name, caller.username());
    }
}
