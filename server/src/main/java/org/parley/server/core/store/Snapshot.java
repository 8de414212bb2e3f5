package org.parley.server.core.store;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the core holds in memory, as committed: accounts, block lists (blocker to blocked), rooms,
 * the last broadcast number, and the last message number of each room.
 */
public record Snapshot(
        List<AccountRecord> accounts,
        Map<String, Set<String>> blocks,
        List<RoomRecord> rooms,
        long lastBroadcastNumber,
        Map<Long, Long> lastRoomMessageNumbers) {

    public Snapshot {
        accounts = List.copyOf(accounts);
        blocks = Map.copyOf(blocks);
        rooms = List.copyOf(rooms);
        lastRoomMessageNumbers = Map.copyOf(lastRoomMessageNumbers);
    }
}
