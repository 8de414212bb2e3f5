package org.parley.server.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The logged-in sessions, in login order (ATU and userlog.txt list them so). Core thread only. */
final class Presence {

    private final Map<String, Session> online = new LinkedHashMap<>();

    boolean isOnline(String user) {
        return online.containsKey(user);
    }

    Session session(String user) {
        return online.get(user);
    }

    void add(Session session) {
        online.put(session.username(), session);
    }

    /** Removes the session if it is the one registered for its user. */
    boolean remove(Session session) {
        return online.remove(session.username(), session);
    }

    Collection<Session> sessions() {
        return online.values();
    }

    int count() {
        return online.size();
    }

    List<Session> snapshot() {
        return new ArrayList<>(online.values());
    }
}
