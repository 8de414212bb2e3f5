package org.parley.server.core;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Event;
import org.parley.protocol.Request;
import org.parley.server.core.bus.ClusterEvent;
import org.parley.server.core.store.ClusterDirectory;
import org.parley.server.privatechat.PrivateChatTokens;

/**
 * Brokers private chats (SPEC 5) without ever carrying their content: asks the target, waits for the
 * answer (a minute of silence is a decline), issues a one-time token for the pair, and introduces the
 * asker to the target's private-chat port once the target has registered the token.
 *
 * <p>The link between the two clients is mutually authenticated TLS, and this broker is how each side
 * learns whom to trust: the asker's certificate fingerprint (sent with its request) goes to the target
 * with the token, the target's (sent with its acceptance) to the asker with the address. The broker
 * relays them as they came (RequestValidator has checked their form); it never sees the link's keys or
 * its content.
 *
 * <p>In cluster mode the question is held by the target's node: an asker on another node has its
 * request relayed there ({@link ClusterEvent.PrivateAsked}), and every event for a user on another node
 * is relayed to it ({@link CoreContext#deliverTo}).
 *
 * <p>Runs on the core thread only, like every feature service: no locks.
 */
final class PrivateChatBroker implements SessionLifecycle.EndListener {

    private record Pair(String target, String asker) {}

    /** A question the target has not answered yet, and the asker's link fingerprint to pass on. */
    private record Question(ScheduledFuture<?> deadline, String askerFingerprint) {}

    /** An accepted chat waiting for the target's private-ready: what the asker will be told. */
    private record Introduction(String token, String targetFingerprint) {}

    private final CoreContext ctx;
    private final ScheduledExecutorService timer;
    private final PrivateChatTokens tokens;
    private final Map<Pair, Question> asked = new HashMap<>();
    private final Map<Pair, Introduction> awaitingReady = new HashMap<>();
    /**
     * Pairs whose asker was given the target's address, until the asker reports a refused link, either
     * leaves, or the pair is introduced again: at most one entry per pair of online users.
     */
    private final Set<Pair> introduced = new HashSet<>();

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
            ClusterDirectory.Claim remote = ctx.cluster.remote.claim(target);
            if (remote == null) {
                Reply.error(session, req.id(), ErrorCode.OFFLINE, "Error. " + target + " is offline");
            } else if (refused(session, req, target, remote.privatePort())) {
                return;
            } else {
                // the target's node holds the question, as it would for one of its own users
                ctx.cluster.publish(new ClusterEvent.PrivateAsked(ctx.cluster.node(), asker, target, req.fingerprint()));
                Reply.ok(session, req.id());
                ctx.console.record(asker, "asked " + target + " (on another node) for a private chat");
            }
            return;
        }
        if (refused(session, req, target, targetSession.privatePort())) {
            return;
        }
        Pair pair = new Pair(target, asker);
        if (asked.containsKey(pair)) {
            Reply.error(session, req.id(), ErrorCode.INVALID_ARGUMENT,
                    "Error. Already waiting for " + target + " to answer");
            return;
        }
        long timeoutMs = ctx.config.privateAnswerTimeout().toMillis();
        asked.put(pair, new Question(timer.schedule(() -> ctx.coreThread.execute(() -> expire(pair)),
                timeoutMs, TimeUnit.MILLISECONDS), req.fingerprint()));
        targetSession.out().send(new Event.PrivateRequested(asker));
        Reply.ok(session, req.id());
        ctx.console.record(asker, "asked " + target + " for a private chat");
    }

    /** The checks after presence; true (and answered) if the request is refused. */
    private boolean refused(Session session, Request.StartPrivate req, String target, int targetPrivatePort) {
        if (ctx.blocks.hasBlocked(target, session.username())) {
            Reply.error(session, req.id(), ErrorCode.BLOCKED_BY_RECIPIENT,
                    "Error. Cannot start private messaging as " + target + " has blocked you");
            return true;
        }
        if (targetPrivatePort == 0) {
            Reply.error(session, req.id(), ErrorCode.OFFLINE, "Error. " + target + " does not accept private messaging");
            return true;
        }
        return false;
    }

    /** A user on another node asks one of ours: held here with its deadline, as a local question is. */
    void asked(ClusterEvent.PrivateAsked event) {
        Session targetSession = ctx.presence.session(event.target());
        Pair pair = new Pair(event.target(), event.asker());
        if (targetSession == null || asked.containsKey(pair)) {
            return; // not ours (the target is on another node, or gone), or already waiting for an answer
        }
        long timeoutMs = ctx.config.privateAnswerTimeout().toMillis();
        asked.put(pair, new Question(timer.schedule(() -> ctx.coreThread.execute(() -> expire(pair)),
                timeoutMs, TimeUnit.MILLISECONDS), event.fingerprint()));
        targetSession.out().send(new Event.PrivateRequested(event.asker()));
        ctx.console.record(event.asker(), "asked " + event.target() + " from another node for a private chat");
    }

    /** An event relayed from another node reached {@code recipient} here: an introduction is remembered. */
    void relayed(Session recipient, Event event) {
        if (event instanceof Event.PrivateAccepted accepted) {
            introduced.add(new Pair(accepted.user(), recipient.username()));
        }
    }

    /** A user of another node logged out: questions it asked here are withdrawn. */
    void remoteEnded(String user) {
        asked.entrySet().removeIf(e -> {
            if (e.getKey().asker().equals(user)) {
                e.getValue().deadline().cancel(false);
                return true;
            }
            return false;
        });
        awaitingReady.keySet().removeIf(p -> p.asker().equals(user));
        introduced.removeIf(p -> p.asker().equals(user) || p.target().equals(user));
    }

    void answer(Session session, Request.AnswerPrivate req) {
        String target = session.username();
        String asker = req.user();
        Pair pair = new Pair(target, asker);
        Question pending = asked.remove(pair);
        if (pending == null) {
            Reply.error(session, req.id(), ErrorCode.NO_PENDING_REQUEST, "Error. No private messaging request from " + asker);
            return;
        }
        pending.deadline().cancel(false);
        if (!ctx.onlineAnywhere(asker)) {
            Reply.error(session, req.id(), ErrorCode.OFFLINE, "Error. " + asker + " is offline");
            return;
        }
        if (!req.accept()) {
            ctx.deliverTo(asker, new Event.PrivateDeclined(target, false));
            Reply.ok(session, req.id());
            ctx.console.record(target, "declined a private chat with " + asker);
            return;
        }
        String token = tokens.issue(asker, target);
        awaitingReady.put(pair, new Introduction(token, req.fingerprint()));
        session.out().send(new Event.PrivateExpect(asker, token, pending.askerFingerprint()));
        Reply.ok(session, req.id());
        ctx.console.record(target, "accepted a private chat with " + asker);
    }

    void ready(Session session, Request.PrivateReady req) {
        String target = session.username();
        String asker = req.user();
        Introduction introduction = awaitingReady.remove(new Pair(target, asker));
        if (introduction == null) {
            Reply.error(session, req.id(), ErrorCode.NO_PENDING_REQUEST, "Error. No private messaging request from " + asker);
            return;
        }
        if (!ctx.onlineAnywhere(asker)) {
            Reply.error(session, req.id(), ErrorCode.OFFLINE, "Error. " + asker + " is offline");
            return;
        }
        ctx.deliverTo(asker, new Event.PrivateAccepted(target, session.ip(), session.privatePort(),
                introduction.token(), introduction.targetFingerprint()));
        introduced.add(new Pair(target, asker));
        Reply.ok(session, req.id());
    }

    /**
     * The asker says the link to the target it was introduced to was refused over a certificate: tell the
     * target, whose client cannot know who the refused connection was. Once per introduction, so nobody
     * can use this to put lines on a screen that did not agree to a chat.
     */
    void linkRefused(Session session, Request.ReportLinkRefused req) {
        String asker = session.username();
        String target = req.user();
        if (!introduced.remove(new Pair(target, asker))) {
            Reply.error(session, req.id(), ErrorCode.NO_PENDING_REQUEST, "Error. No private link with " + target + " to report");
            return;
        }
        ctx.deliverTo(target, new Event.PrivateLinkRefused(asker, req.reason()));
        Reply.ok(session, req.id());
        ctx.console.record(asker, "private link with " + target + " refused: " + req.reason());
    }

    private void expire(Pair pair) {
        if (asked.remove(pair) == null) {
            return;
        }
        ctx.deliverTo(pair.asker(), new Event.PrivateDeclined(pair.target(), true));
        // the target still shows the question; without this a late "y" is its only way to find out
        Session targetSession = ctx.presence.session(pair.target());
        if (targetSession != null) {
            targetSession.out().send(new Event.PrivateExpired(pair.asker()));
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
                e.getValue().deadline().cancel(false);
                return true;
            }
            if (pair.target().equals(user)) {
                e.getValue().deadline().cancel(false);
                ctx.deliverTo(pair.asker(), new Event.PrivateDeclined(user, false));
                return true;
            }
            return false;
        });
        awaitingReady.keySet().removeIf(p -> p.asker().equals(user) || p.target().equals(user));
        introduced.removeIf(p -> p.asker().equals(user) || p.target().equals(user));
    }
}
