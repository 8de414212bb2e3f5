package org.parley.server.core;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * SPEC 2.5: a session with no valid command for the idle timeout is logged out. One timer per session,
 * re-armed for the remaining time when it fires early, so activity costs a field write, not a timer.
 */
final class IdleTimeouts {

    interface Expiry {
        void expired(Session session);
    }

    private final CoreContext ctx;
    private final ScheduledExecutorService timer;
    private final Expiry expiry;

    IdleTimeouts(CoreContext ctx, ScheduledExecutorService timer, Expiry expiry) {
        this.ctx = ctx;
        this.timer = timer;
        this.expiry = expiry;
    }

    void arm(Session session) {
        if (ctx.config.hasIdleTimeout()) {
            schedule(session, ctx.config.idleTimeout().toMillis());
        }
    }

    private void schedule(Session session, long delayMs) {
        timer.schedule(() -> ctx.coreThread.execute(() -> check(session)), delayMs, TimeUnit.MILLISECONDS);
    }

    private void check(Session session) {
        if (!session.isLoggedIn()) {
            return;
        }
        long idleFor = ctx.now() - session.lastActivityAt();
        long timeout = ctx.config.idleTimeout().toMillis();
        if (idleFor >= timeout) {
            expiry.expired(session);
        } else {
            schedule(session, timeout - idleFor);
        }
    }
}
