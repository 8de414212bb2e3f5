package org.parley.server.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.parley.protocol.Request;
import org.parley.server.core.store.AccountRecord;

/**
 * Cluster mode: a request that names a user this node has no account for is held while the node asks the
 * database, so an account another node registered a moment ago (its event still on the bus, or lost) is not
 * taken for one that does not exist: {@code message}, {@code block}, {@code SRB}, a private chat, an upload or a
 * login to that name then behave as they would on one server. Found accounts join the node's accounts (as their
 * event would add them); a name the database does not have either is left unknown, and the request is answered
 * as before.
 *
 * <p>While a session has a request held, its later requests wait behind it, so a session's requests still run in
 * the order they came. Each held request asks once. Only a cluster node uses it (a single server has every
 * account). Core thread only.
 */
final class AccountLookup {

    private record Held(Request request, Runnable dispatch) {}

    private final CoreContext ctx;
    private final Map<Session, ArrayDeque<Held>> waiting = new HashMap<>();

    AccountLookup(CoreContext ctx) {
        this.ctx = ctx;
    }

    /** Dispatches the request now, or holds it until the names it needs are looked up (or its session's earlier ones). */
    void dispatch(Session session, Request request, Runnable dispatch) {
        ArrayDeque<Held> queue = waiting.get(session);
        if (queue != null) {
            queue.add(new Held(request, dispatch));
            return;
        }
        List<String> unknown = unknownNamedBy(request);
        if (unknown.isEmpty()) {
            dispatch.run();
            return;
        }
        queue = new ArrayDeque<>();
        queue.add(new Held(request, dispatch));
        waiting.put(session, queue);
        lookUp(session, unknown);
    }

    /** The session ended: what it had held is dropped with it. */
    void ended(Session session) {
        waiting.remove(session);
    }

    private void lookUp(Session session, List<String> names) {
        ctx.then(ctx.store.accountsNamed(names), (found, err) -> {
            if (err != null) {
                // answered as if unknown, which is what the node knows; the store's failure is logged once here
                Faults.log("looking up the accounts " + names, "the server", err);
            } else {
                for (AccountRecord a : found) {
                    ctx.accounts.putIfAbsent(a.username(), a.passwordHash());
                }
            }
            ArrayDeque<Held> queue = waiting.get(session);
            if (queue == null || session.phase() == Session.Phase.CLOSED) {
                waiting.remove(session); // the session ended meanwhile (before a login, no end is announced)
                return;
            }
            queue.poll().dispatch.run(); // asked once: dispatched whatever was found
            while (!queue.isEmpty()) {
                List<String> unknown = unknownNamedBy(queue.peek().request);
                if (!unknown.isEmpty()) {
                    lookUp(session, unknown);
                    return;
                }
                queue.poll().dispatch.run();
            }
            waiting.remove(session);
        });
    }

    /** The user names the request needs an account for that this node has not got. */
    private List<String> unknownNamedBy(Request request) {
        List<String> unknown = new ArrayList<>();
        for (String name : namedBy(request)) {
            if (name != null && !ctx.exists(name) && !unknown.contains(name)) {
                unknown.add(name);
            }
        }
        return unknown;
    }

    private static List<String> namedBy(Request request) {
        if (request instanceof Request.LoginUser r) {
            return List.of(r.username());
        } else if (request instanceof Request.SendMessage r) {
            return List.of(r.to());
        } else if (request instanceof Request.Block r) {
            return List.of(r.user());
        } else if (request instanceof Request.Unblock r) {
            return List.of(r.user());
        } else if (request instanceof Request.BuildRoom r) {
            return r.users();
        } else if (request instanceof Request.StartPrivate r) {
            return List.of(r.user());
        } else if (request instanceof Request.AuthorizeUpload r) {
            return List.of(r.user());
        }
        return List.of();
    }
}
