package org.parley.server.core;

import org.parley.server.core.store.BroadcastRecord;
import org.parley.server.core.store.RoomMessageRecord;
import org.parley.server.core.store.RoomRecord;

/**
 * Cluster mode's port to this node's text logs for what other nodes committed (this node's own commits
 * reach the logs from its store). Called on the core thread once per record, after the record was
 * fanned out here; an implementation must not block it.
 */
public interface ClusterLogs {

    ClusterLogs NONE = new ClusterLogs() {
        @Override
        public void broadcast(BroadcastRecord broadcast) {
        }

        @Override
        public void room(RoomRecord room) {
        }

        @Override
        public void roomMessage(RoomMessageRecord message) {
        }
    };

    void broadcast(BroadcastRecord broadcast);

    void room(RoomRecord room);

    void roomMessage(RoomMessageRecord message);
}
