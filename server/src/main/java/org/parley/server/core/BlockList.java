package org.parley.server.core;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Who has blocked whom (SPEC 3.4), as committed. Core thread only. */
final class BlockList {

    private final Map<String, Set<String>> blockedBy = new HashMap<>();
    /** The other way round: who has blocked a user (so a broadcast can tell whether a blocker is online elsewhere). */
    private final Map<String, Set<String>> blockersOf = new HashMap<>();

    BlockList(Map<String, Set<String>> initial) {
        initial.forEach((blocker, blocked) -> blocked.forEach(b -> add(blocker, b)));
    }

    /** The users who have blocked {@code user}; empty if none. */
    Set<String> blockersOf(String user) {
        return blockersOf.getOrDefault(user, Set.of());
    }

    /** True when {@code blocker} has blocked {@code other}. */
    boolean hasBlocked(String blocker, String other) {
        Set<String> set = blockedBy.get(blocker);
        return set != null && set.contains(other);
    }

    /** Everything as read again from the database (cluster catch-up). */
    void replaceAll(Map<String, Set<String>> all) {
        blockedBy.clear();
        blockersOf.clear();
        all.forEach((blocker, blocked) -> blocked.forEach(b -> add(blocker, b)));
    }

    void add(String blocker, String blocked) {
        blockedBy.computeIfAbsent(blocker, k -> new HashSet<>()).add(blocked);
        blockersOf.computeIfAbsent(blocked, k -> new HashSet<>()).add(blocker);
    }

    boolean remove(String blocker, String blocked) {
        Set<String> set = blockedBy.get(blocker);
        if (set == null || !set.remove(blocked)) {
            return false;
        }
        if (set.isEmpty()) {
            blockedBy.remove(blocker);
        }
        Set<String> blockers = blockersOf.get(blocked);
        if (blockers != null && blockers.remove(blocker) && blockers.isEmpty()) {
            blockersOf.remove(blocked);
        }
        return true;
    }
}
