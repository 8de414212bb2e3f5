package org.parley.server.storage;

import java.util.List;
import java.util.function.Consumer;
import org.parley.server.core.store.BroadcastRecord;
import org.parley.server.core.store.RoomMessageRecord;

/** Read access to everything committed, streamed in order, for views that rebuild themselves at start. */
public interface CommittedHistory {

    /** Ids of every committed room, ascending. */
    List<Long> roomIds();

    /** Every broadcast, by number. */
    void forEachBroadcast(Consumer<BroadcastRecord> action);

    /** Every message of the room, by number. */
    void forEachRoomMessage(long roomId, Consumer<RoomMessageRecord> action);
}
