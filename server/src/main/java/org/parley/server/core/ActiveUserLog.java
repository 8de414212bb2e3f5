package org.parley.server.core;

import java.util.List;

/**
 * The core's port for publishing who is active now (SPEC 7.1's userlog.txt in production, see
 * {@code textlog.UserLog}). The core calls {@link #write} on its own thread with a complete,
 * ordered snapshot; an implementation must not block it.
 */
public interface ActiveUserLog {

    /** One active user: name, login time (epoch milliseconds), address and UDP port. */
    record Entry(String user, long since, String ip, int udpPort) {}

    /** Replaces what was published with these entries, in this order (login order). */
    void write(List<Entry> entries);
}
