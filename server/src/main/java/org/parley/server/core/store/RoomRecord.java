package org.parley.server.core.store;

import java.util.List;

/** A separate room; members in the order given when it was built, creator first. */
public record RoomRecord(long id, List<String> members, String createdBy, long createdAt) {
    public RoomRecord {
        members = List.copyOf(members);
    }
}
