package org.parley.server.core;

import java.util.ArrayList;
import java.util.List;
import org.parley.protocol.Event;
import org.parley.protocol.Response;

/**
 * Starting and ending logged-in sessions: SPEC 2.4's order on the way in (record as active, tell the
 * others, deliver stored messages through {@link MessageDelivery}), and the mirror image on the way
 * out, whether by logout, timeout or a dropped connection.
 */
final class SessionLifecycle {

    /** How a session ended, as {@link #end} is told: a logout and an idle timeout; anything else is a lost connection. */
    static final String LOGGED_OUT = "logged out";
    static final String TIMED_OUT = "timed out";

    /** Hooks other features need when a session ends (pending private-chat questions, uploads, timers). */
    interface EndListener {
        /** {@code how}: {@link #LOGGED_OUT}, {@link #TIMED_OUT} or another words for a lost connection. */
        void sessionEnded(Session session, String how);
    }

    /** Hooks other features need once a session has started (the idle timer). */
    interface StartListener {
        void sessionStarted(Session session);
    }

    private final CoreContext ctx;
    private final MessageDelivery delivery;
    private final List<EndListener> endListeners = new ArrayList<>();
    private final List<StartListener> startListeners = new ArrayList<>();

    SessionLifecycle(CoreContext ctx, MessageDelivery delivery) {
        this.ctx = ctx;
        this.delivery = delivery;
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
        ctx.metrics.loggedIn();
        ctx.metrics.sessions(ctx.presence.count());
        session.out().send(new Response.LoggedIn(requestId, user));
        ctx.userLog.changed();
        ctx.then(ctx.store.recordLogin(user, now), (v, err) -> logFailure(err, "recording the login of " + user));

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
        delivery.start(session);
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
        ctx.metrics.sessions(ctx.presence.count());
        String user = session.username();
        long now = ctx.now();
        ctx.userLog.changed();
        ctx.then(ctx.store.recordLogout(user, session.loginAt(), now), (v, err) -> logFailure(err, "recording the logout of " + user));
        List<Outbound> told = new ArrayList<>(ctx.presence.count());
        for (Session other : ctx.presence.sessions()) {
            if (!ctx.blocks.hasBlocked(user, other.username())) {
                told.add(other.out());
            }
        }
        ctx.fanOut(new Event.UserLoggedOut(user), told);
        for (EndListener l : endListeners) {
            l.sessionEnded(session, how);
        }
        ctx.console.record(user, how);
    }

    /** Nobody waits for these writes: the operator is told (at ERROR, whatever --quiet says). */
    private void logFailure(Throwable err, String what) {
        if (err != null) {
            Faults.log(what, "the server", err);
        }
    }
}
