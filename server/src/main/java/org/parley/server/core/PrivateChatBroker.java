package org.parley.server.core;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Event;
import org.parley.protocol.Request;
import org.parley.server.privatechat.PrivateChatTokens;

/**
 * Brokers private chats (SPEC 5) without ever carrying their content: asks the target, waits for the
 * answer (a minute of silence is a decline), issues a one-time token for the pair, and introduces the
 * asker to the target's private-chat port once the target has registered the token.
 */
final class PrivateChatBroker implements SessionLifecycle.EndListener {

    private record Pair(String target, String asker) {}

    private final CoreContext ctx;
    private final ScheduledExecutorService timer;
    private final PrivateChatTokens tokens;
    private final Map<Pair, ScheduledFuture<?>> asked = new HashMap<>();
    private final Map<Pair, String> awaitingReady = new HashMap<>();

    PrivateChatBroker(CoreContext ctx, ScheduledExecutorService timer, PrivateChatTokens tokens) {
        this.ctx = ctx;
        this.timer = timer;
        this.tokens = tokens;
    }

    void start(Session session, Request.StartPrivate req) {
        String asker = session.username();
        String target = req.user();
        if (!ctx.exists(target)) {
            Reply.invalidUser(session, req.id());
            return;
        }
        if (target.equals(asker)) {
            Reply.error(session, req.id(), ErrorCode.SELF, "Error. Cannot start private messaging with self");
            return;
        }
        Session targetSession = ctx.presence.session(target);
        if (targetSession == null) {
            Reply.error(session, req.id(), ErrorCode.OFFLINE, "Error. " + target + " is offline");
            return;
        }
        if (ctx.blocks.hasBlocked(target, asker)) {
            Reply.error(session, req.id(), ErrorCode.BLOCKED_BY_RECIPIENT,
                    "Error. Cannot start private messaging as " + target + " has blocked you");
            return;
        }
        if (targetSession.privatePort() == 0) {
            Reply.error(session, req.id(), ErrorCode.OFFLINE, "Error. " + target + " does not accept private messaging");
            return;
        }
        Pair pair = new Pair(target, asker);
        if (asked.containsKey(pair)) {
            Reply.error(session, req.id(), ErrorCode.INVALID_ARGUMENT,
                    "Error. Already waiting for " + target + " to answer");
            return;
        }
        long timeoutMs = ctx.config.privateAnswerTimeout().toMillis();
        asked.put(pair, timer.schedule(() -> ctx.coreThread.execute(() -> expire(pair)), timeoutMs, TimeUnit.MILLISECONDS));
        targetSession.out().send(new Event.PrivateRequested(asker));
        Reply.ok(session, req.id());
        ctx.console.record(asker, "asked " + target + " for a private chat");
    }

    void answer(Session session, Request.AnswerPrivate req) {
        String target = session.username();
        String asker = req.user();
        Pair pair = new Pair(target, asker);
        ScheduledFuture<?> pending = asked.remove(pair);
        if (pending == null) {
            Reply.error(session, req.id(), ErrorCode.NO_PENDING_REQUEST, "Error. No private messaging request from " + asker);
            return;
        }
        pending.cancel(false);
        Session askerSession = ctx.presence.session(asker);
        if (askerSession == null) {
            Reply.error(session, req.id(), ErrorCode.OFFLINE, "Error. " + asker + " is offline");
            return;
        }
        if (!req.accept()) {
            askerSession.out().send(new Event.PrivateDeclined(target, false));
            Reply.ok(session, req.id());
            ctx.console.record(target, "declined a private chat with " + asker);
            return;
        }
        String token = tokens.issue(asker, target);
        awaitingReady.put(pair, token);
        session.out().send(new Event.PrivateExpect(asker, token));
        Reply.ok(session, req.id());
        ctx.console.record(target, "accepted a private chat with " + asker);
    }

    void ready(Session session, Request.PrivateReady req) {
        String target = session.username();
        String asker = req.user();
        String token = awaitingReady.remove(new Pair(target, asker));
        if (token == null) {
            Reply.error(session, req.id(), ErrorCode.NO_PENDING_REQUEST, "Error. No private messaging request from " + asker);
            return;
        }
        Session askerSession = ctx.presence.session(asker);
        if (askerSession == null) {
            Reply.error(session, req.id(), ErrorCode.OFFLINE, "Error. " + asker + " is offline");
            return;
        }
        askerSession.out().send(new Event.PrivateAccepted(target, session.ip(), session.privatePort(), token));
        Reply.ok(session, req.id());
    }

    private void expire(Pair pair) {
        if (asked.remove(pair) == null) {
            return;
        }
        Session askerSession = ctx.presence.session(pair.asker());
        if (askerSession != null) {
            askerSession.out().send(new Event.PrivateDeclined(pair.target(), true));
        }
        ctx.console.record(pair.target(), "did not answer " + pair.asker() + "'s private chat request");
    }

    /** A target that leaves without answering has declined; an asker that leaves withdraws. */
    @Override
    public void sessionEnded(Session session, String how) {
        String user = session.username();
        asked.entrySet().removeIf(e -> {
            Pair pair = e.getKey();
            if (pair.asker().equals(user)) {
                e.getValue().cancel(false);
                return true;
            }
            if (pair.target().equals(user)) {
                e.getValue().cancel(false);
                Session askerSession = ctx.presence.session(pair.asker());
                if (askerSession != null) {
                    askerSession.out().send(new Event.PrivateDeclined(user, false));
                }
                return true;
            }
            return false;
        });
        awaitingReady.keySet().removeIf(p -> p.asker().equals(user) || p.target().equals(user));
    }
}
