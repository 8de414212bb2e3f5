package org.parley.server.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Feeds userlog.txt from presence. Changes are coalesced: a burst of logins (thousands per second
 * under load) costs one snapshot and one rewrite per interval instead of one per login.
 */
final class UserLogFeed {

    private static final long INTERVAL_MS = 20;

    private final ActiveUserLog log;
    private final Presence presence;
    private final ScheduledExecutorService timer;
    private final Executor coreThread;
    private boolean scheduled;

    UserLogFeed(ActiveUserLog log, Presence presence, ScheduledExecutorService timer, Executor coreThread) {
        this.log = log;
        this.presence = presence;
        this.timer = timer;
        this.coreThread = coreThread;
    }

    void changed() {
        if (!scheduled) {
            scheduled = true;
            timer.schedule(() -> coreThread.execute(this::flush), INTERVAL_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void flush() {
        scheduled = false;
        List<ActiveUserLog.Entry> entries = new ArrayList<>(presence.count());
        for (Session s : presence.sessions()) {
            entries.add(new ActiveUserLog.Entry(s.username(), s.loginAt(), s.ip(), s.udpPort()));
        }
        log.write(entries);
    }
}
