package org.parley.client.shell;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Supplier;

/**
 * What tab completion offers besides command words: the users online ({@link OnlineUsers}), the
 * separate rooms this user is in (from rooms built and rooms joined), and the users with an open
 * private link. Thread-safe: the event loop and the input thread update it, JLine reads it.
 */
public final class CompletionSources {

    private final OnlineUsers online;
    private final Set<Long> rooms = new ConcurrentSkipListSet<>();
    private volatile Supplier<Set<String>> linked = Set::of;

    public CompletionSources(OnlineUsers online) {
        this.online = online;
    }

    public OnlineUsers online() {
        return online;
    }

    void roomJoined(long roomId) {
        rooms.add(roomId);
    }

    SortedSet<Long> rooms() {
        return new TreeSet<>(rooms);
    }

    /** Where the linked peers come from, once the private-chat port is open. */
    void linkedFrom(Supplier<Set<String>> peers) {
        this.linked = peers;
    }

    SortedSet<String> linked() {
        return new TreeSet<>(linked.get());
    }
}
