package org.parley.server.storage;

import java.util.List;
import org.parley.server.core.store.BroadcastRecord;
import org.parley.server.core.store.RoomMessageRecord;
import org.parley.server.core.store.RoomRecord;

/**
 * What one transaction of the writer committed, in submission order per kind. {@code writes} counts
 * every committed write of the transaction, including kinds not listed here (accounts, blocks, ...).
 */
public record CommittedBatch(
        int writes, List<BroadcastRecord> broadcasts, List<RoomRecord> rooms, List<RoomMessageRecord> roomMessages) {

    public CommittedBatch {
        broadcasts = List.copyOf(broadcasts);
        rooms = List.copyOf(rooms);
        roomMessages = List.copyOf(roomMessages);
    }
}
