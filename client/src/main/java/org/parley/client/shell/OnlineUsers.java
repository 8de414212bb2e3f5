package org.parley.client.shell;

import java.util.Collection;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The other users this client believes are online, for tab completion: refreshed by whoelse and ATU
 * results, adjusted by login and logout events. Thread-safe.
 */
public final class OnlineUsers {

    private final Set<String> names = new ConcurrentSkipListSet<>();

    public void replaceAll(Collection<String> online) {
        names.retainAll(online);
        names.addAll(online);
    }

    public void add(String name) {
        names.add(name);
    }

    public void remove(String name) {
        names.remove(name);
    }

    public SortedSet<String> snapshot() {
        return new TreeSet<>(names);
    }
}
