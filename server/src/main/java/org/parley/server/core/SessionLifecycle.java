package org.parley.server.core;

import java.util.ArrayList;
import java.util.List;
import org.parley.protocol.Event;
import org.parley.protocol.Response;
import org.parley.server.core.bus.ClusterEvent;

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
        start(session, requestId, udpPort, privatePort, ctx.now());
    }

    /** With the login time given: in cluster mode, the one the claim was written with. */
    void start(Session session, long requestId, int udpPort, int privatePort, long now) {
        String user = session.username();
        session.loggedIn(udpPort, privatePort, now);
        ctx.presence.add(session);
        ctx.metrics.loggedIn();
        ctx.metrics.sessions(ctx.presence.count());
        session.out().send(new Response.LoggedIn(requestId, user));
        ctx.userLog.changed();
        ctx.then(ctx.store.recordLogin(user, now), (v, err) -> logFailure(err, "recording the login of " + user));

        announce(new Event.UserLoggedIn(user), user, session);
        ctx.cluster.publish(new ClusterEvent.UserOnline(ctx.cluster.node(), user, now, session.ip(), udpPort,
                privatePort));
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
        session.cancelLoginDeadline();
        if (!wasLoggedIn || !ctx.presence.remove(session)) {
            return;
        }
        ctx.metrics.sessions(ctx.presence.count());
        String user = session.username();
        long now = ctx.now();
        ctx.userLog.changed();
        ctx.then(ctx.store.recordLogout(user, session.loginAt(), now), (v, err) -> logFailure(err, "recording the logout of " + user));
        announce(new Event.UserLoggedOut(user), user, null);
        releaseClaim(user, session.loginAt());
        for (EndListener l : endListeners) {
            l.sessionEnded(session, how);
        }
        ctx.console.record(user, how);
    }

    /**
     * Tells this node's sessions (but {@code except}) that {@code user} logged in or out, leaving out
     * those {@code user} has blocked; also for users of other nodes.
     */
    void announce(Event event, String user, Session except) {
        announce(event, user, except, Long.MAX_VALUE);
    }

    /** As above, to the sessions that logged in at or before {@code before} only. */
    void announce(Event event, String user, Session except, long before) {
        List<Outbound> told = new ArrayList<>(ctx.presence.count());
        for (Session other : ctx.presence.sessions()) {
            if (other != except && other.loginAt() <= before && !ctx.blocks.hasBlocked(user, other.username())) {
                told.add(other.out());
            }
        }
        ctx.fanOut(event, told);
    }

    /**
     * Cluster mode: gives the user's claim up, then tells the other nodes, so that a login elsewhere
     * right after the news finds the claim gone.
     */
    private void releaseClaim(String user, long loginAt) {
        if (!ctx.cluster.enabled()) {
            return;
        }
        ctx.then(ctx.cluster.directory().release(user, ctx.cluster.node(), loginAt), (v, err) -> {
            logFailure(err, "releasing the login claim of " + user);
            ctx.cluster.publish(new ClusterEvent.UserOffline(ctx.cluster.node(), user, loginAt));
        });
    }

    /** Nobody waits for these writes: the operator is told (at ERROR, whatever --quiet says). */
    private void logFailure(Throwable err, String what) {
        if (err != null) {
            Faults.log(what, "the server", err);
        }
    }
}
