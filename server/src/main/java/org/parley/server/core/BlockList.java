package org.parley.server.core;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Who has blocked whom (SPEC 3.4), as committed. Core thread only. */
final class BlockList {

    private final Map<String, Set<String>> blockedBy = new HashMap<>();

    BlockList(Map<String, Set<String>> initial) {
        initial.forEach((blocker, blocked) -> blockedBy.put(blocker, new HashSet<>(blocked)));
    }

    /** True when {@code blocker} has blocked {@code other}. */
    boolean hasBlocked(String blocker, String other) {
        Set<String> set = blockedBy.get(blocker);
        return set != null && set.contains(other);
    }

    /** Everything as read again from the database (cluster catch-up). */
    void replaceAll(Map<String, Set<String>> all) {
        blockedBy.clear();
        all.forEach((blocker, blocked) -> blockedBy.put(blocker, new HashSet<>(blocked)));
    }

    void add(String blocker, String blocked) {
        blockedBy.computeIfAbsent(blocker, k -> new HashSet<>()).add(blocked);
    }

    boolean remove(String blocker, String blocked) {
        Set<String> set = blockedBy.get(blocker);
        if (set == null || !set.remove(blocked)) {
            return false;
        }
        if (set.isEmpty()) {
            blockedBy.remove(blocker);
        }
        return true;
    }
}
