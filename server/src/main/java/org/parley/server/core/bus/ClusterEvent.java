package org.parley.server.core.bus;

import java.util.List;

/**
 * What one node tells every other node, as immutable records; {@link ClusterCodec} turns them into
 * the bytes {@link ClusterBus} carries. Every event names the node that published it, so a node
 * recognises its own when the engine echoes them and ignores them.
 *
 * <p>Events are published once per node and event, after the commit they report (the database is
 * the record of truth); each receiving node fans out to its own sessions. A text that would not fit
 * the engine's payload is left out ({@code text == null}): the receiver reads it from the database by
 * its number or id.
 */
public sealed interface ClusterEvent {

    /** The node id of the publisher. */
    String node();

    /** A user logged in on {@code node}: the claim as written, so ATU and private chats can be answered. */
    record UserOnline(String node, String user, long loginAt, String ip, int udpPort, int privatePort)
            implements ClusterEvent {}

    /**
     * A user's session that started at {@code loginAt} ended. {@code node} is the publisher, which is
     * not always the node the user was on: a node that releases a dead node's claims publishes them.
     */
    record UserOffline(String node, String user, long loginAt) implements ClusterEvent {}

    /** A new account was committed: other nodes must know it exists (and its hash, to log it in). */
    record AccountAdded(String node, String user, String passwordHash) implements ClusterEvent {
        @Override
        public String toString() {
            return "AccountAdded[node=" + node + ", user=" + user + "]";
        }
    }

    /** {@code blocker} blocked ({@code blocking}) or unblocked {@code blocked}; committed. */
    record BlockChanged(String node, String blocker, String blocked, boolean blocking) implements ClusterEvent {}

    /** A direct message committed (pending) for a recipient that is not on the publishing node. */
    record DirectCommitted(String node, long id, String from, String to, String text, long at)
            implements ClusterEvent, Elidable {
        @Override
        public DirectCommitted withoutText() {
            return new DirectCommitted(node, id, from, to, null, at);
        }
    }

    /** A broadcast committed with its cluster-wide number. */
    record BroadcastCommitted(String node, long number, String from, String text, long at)
            implements ClusterEvent, Elidable {
        @Override
        public BroadcastCommitted withoutText() {
            return new BroadcastCommitted(node, number, from, null, at);
        }
    }

    /** A separate room committed; members in order, creator first. */
    record RoomCreated(String node, long roomId, List<String> members, String createdBy, long createdAt)
            implements ClusterEvent {
        public RoomCreated {
            members = List.copyOf(members);
        }
    }

    /** A message committed in a room with its number in that room. */
    record RoomMessageCommitted(String node, long roomId, long number, String from, String text, long at)
            implements ClusterEvent, Elidable {
        @Override
        public RoomMessageCommitted withoutText() {
            return new RoomMessageCommitted(node, roomId, number, from, null, at);
        }
    }

    /**
     * {@code asker} (on {@code node}) asks {@code target} for a private chat; the target's node holds
     * the question (its deadline, the answer, the token) as it would for a local asker.
     */
    record PrivateAsked(String node, String asker, String target, String fingerprint) implements ClusterEvent {}

    /**
     * One protocol event for one user's session, wherever that user is logged in (private-chat and
     * upload relays): {@code eventJson} is the event as the protocol encodes it, passed on unchanged.
     */
    record ToUser(String node, String user, String eventJson) implements ClusterEvent {}

    /**
     * The session of {@code user} that started at {@code loginAt} lost its claim (its node was taken
     * for dead): whichever node still serves it ends it.
     */
    record KickUser(String node, String user, long loginAt) implements ClusterEvent {}

    /** An event whose text may be left out when it does not fit the engine's payload. */
    interface Elidable {
        ClusterEvent withoutText();
    }
}
