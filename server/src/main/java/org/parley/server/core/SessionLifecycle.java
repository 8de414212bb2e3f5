package org.parley.server.core;

import java.util.ArrayList;
import java.util.List;
import org.parley.protocol.Event;
import org.parley.protocol.Response;
import org.parley.server.storage.StoredDirectMessage;

/**
 * Starting and ending logged-in sessions: SPEC 2.4's order on the way in (record as active, tell the
 * others, deliver stored messages), and the mirror image on the way out, whether by logout, timeout
 * or a dropped connection.
 */
final class SessionLifecycle {

    /** Hooks other features need when a session ends (pending private-chat questions, timers). */
    interface EndListener {
        void sessionEnded(Session session);
    }

    /** Hooks other features need once a session has started (the idle timer). */
    interface StartListener {
        void sessionStarted(Session session);
    }

    private final CoreContext ctx;
    private final List<EndListener> endListeners = new ArrayList<>();
    private final List<StartListener> startListeners = new ArrayList<>();

    SessionLifecycle(CoreContext ctx) {
        this.ctx = ctx;
    }

    void onStart(StartListener listener) {
        startListeners.add(listener);
    }

    void onEnd(EndListener listener) {
        endListeners.add(listener);
    }

    void start(Session session, long requestId, int udpPort, int privatePort) {
        long now = ctx.now();
        String user = session.username();
        session.loggedIn(udpPort, privatePort, now);
        ctx.presence.add(session);
        session.out().send(new Response.LoggedIn(requestId, user));
        ctx.userLog.changed();
        ctx.then(ctx.store.recordLogin(user, now), (v, err) -> logFailure(err, "record login of " + user));

        List<Outbound> told = new ArrayList<>(ctx.presence.count());
        for (Session other : ctx.presence.sessions()) {
            if (other != session && !ctx.blocks.hasBlocked(user, other.username())) {
                told.add(other.out());
            }
        }
        ctx.fanOut(new Event.UserLoggedIn(user), told);
        for (StartListener l : startListeners) {
            l.sessionStarted(session);
        }
        ctx.console.record(user, "logged in from " + session.ip() + " (udp " + udpPort + ", private " + privatePort + ")");
        ctx.then(ctx.store.pendingMessages(user), (pending, err) -> deliverStored(session, pending, err));
    }

    private void deliverStored(Session session, List<StoredDirectMessage> pending, Throwable err) {
        if (err != null) {
            logFailure(err, "read stored messages of " + session.username());
            return;
        }
        if (!session.isLoggedIn() || pending.isEmpty()) {
            return;
        }
        List<Long> handled = new ArrayList<>(pending.size());
        for (StoredDirectMessage stored : pending) {
            var m = stored.message();
            handled.add(stored.id());
            // A block made after the message was stored still applies: the blocker receives nothing.
            if (!ctx.blocks.hasBlocked(session.username(), m.from())) {
                session.out().send(new Event.MessageReceived(m.from(), m.text(), m.at(), true));
            }
        }
        ctx.then(ctx.store.markDelivered(handled), (v, e) -> logFailure(e, "mark messages delivered"));
        ctx.console.record(session, "received " + pending.size() + " stored message(s)");
    }

    /** Ends the session however it ended; safe to call twice. */
    void end(Session session, String how) {
        if (session.phase() == Session.Phase.CLOSED) {
            return;
        }
        boolean wasLoggedIn = session.isLoggedIn();
        session.phase(Session.Phase.CLOSED);
        if (!wasLoggedIn || !ctx.presence.remove(session)) {
            return;
        }
        String user = session.username();
        long now = ctx.now();
        ctx.userLog.changed();
        ctx.then(ctx.store.recordLogout(user, session.loginAt(), now), (v, err) -> logFailure(err, "record logout of " + user));
        List<Outbound> told = new ArrayList<>(ctx.presence.count());
        for (Session other : ctx.presence.sessions()) {
            if (!ctx.blocks.hasBlocked(user, other.username())) {
                told.add(other.out());
            }
        }
        ctx.fanOut(new Event.UserLoggedOut(user), told);
        for (EndListener l : endListeners) {
            l.sessionEnded(session);
        }
        ctx.console.record(user, how);
    }

    private void logFailure(Throwable err, String what) {
        if (err != null) {
            ctx.console.record("server", "could not " + what + ": " + err);
        }
    }
}
