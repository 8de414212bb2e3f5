package org.parley.server.storage;

import java.util.ArrayList;
import java.util.List;
import org.parley.server.core.store.BroadcastRecord;
import org.parley.server.core.store.RoomMessageRecord;
import org.parley.server.core.store.RoomRecord;

/** Collects the records of one commit, in order, for {@link CommitListener#committed}. */
final class CommittedRecords {
    private final List<BroadcastRecord> broadcasts = new ArrayList<>();
    private final List<RoomRecord> rooms = new ArrayList<>();
    private final List<RoomMessageRecord> roomMessages = new ArrayList<>();
    private int writes;

    void countWrite() {
        writes++;
    }

    void add(BroadcastRecord broadcast) {
        broadcasts.add(broadcast);
    }

    void add(RoomRecord room) {
        rooms.add(room);
    }

    void add(RoomMessageRecord message) {
        roomMessages.add(message);
    }

    boolean isEmpty() {
        return writes == 0;
    }

    CommittedBatch toBatch() {
        return new CommittedBatch(writes, broadcasts, rooms, roomMessages);
    }
}
