package org.parley.server.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Event;
import org.parley.protocol.Request;
import org.parley.protocol.Response;
import org.parley.server.core.bus.ClusterEvent;
import org.parley.server.core.store.RoomMessageRecord;
import org.parley.server.core.store.RoomRecord;
import org.parley.server.core.store.Store;
import org.parley.server.core.store.Snapshot;

/**
 * Separate rooms, SRB and SRM (SPEC 4.1, 4.2). A room is identified by its set of members; it exists
 * here only once committed. The store hands out room ids and each room's message numbers as it
 * commits, so a build or message that fails takes no number; both are learnt from the completed
 * future. A second SRB for the same members while the first is being stored waits for that same
 * commit and is answered with the same room.
 *
 * <p>Blocks cover rooms (SPEC 3.4): a named user who has blocked the creator or another named member is
 * not put in a room with them; the SRB is refused naming that user as one who "cannot be added", whether
 * online or not (so the refusal tells no more than {@code message} already does: that a block exists,
 * never whether the blocker is online). In rooms built before a block, the blocker gets no messages
 * from the blocked member, live ({@link #send}) or in history.
 */
final class Rooms {

    private record Room(RoomRecord record, Set<String> members) {
        Room(RoomRecord record) {
            this(record, Set.copyOf(record.members()));
        }
    }

    /** An SRB waiting for a build of the same members that is being stored. */
    private record Waiter(Session session, long requestId) {}

    private final CoreContext ctx;
    private final Map<Long, Room> byId = new HashMap<>();
    private final Map<Set<String>, Room> byMembers = new HashMap<>();
    /** Builds being stored, by members, with the SRBs for the same members that wait for them. */
    private final Map<Set<String>, List<Waiter>> building = new HashMap<>();
    private final Map<String, List<Long>> roomsOf = new HashMap<>();
    /** A committed room message on its way to this node's members; {@code sender} null for another node's. */
    private record Pending(RoomMessageRecord message, Session sender) {}

    /** Cluster mode: the message numbers of each room fanned out here (see {@link SeenNumbers}). */
    private final Map<Long, SeenNumbers> seen = new HashMap<>();
    /** Cluster mode: each room's messages put back in number order for this node's members. */
    private final Map<Long, InOrderRelease<Pending>> inOrder = new HashMap<>();
    private final Map<Long, Long> lastNumbers;
    private final InOrderRelease.Later later;
    /** Cluster mode: "room sender" pairs with a message being stored here, whose records reads leave alone. */
    private final CommitsInFlight committing = new CommitsInFlight();

    Rooms(CoreContext ctx, Snapshot snapshot, InOrderRelease.Later later) {
        this.ctx = ctx;
        this.later = later;
        for (RoomRecord r : snapshot.rooms()) {
            index(new Room(r));
        }
        this.lastNumbers = ctx.cluster.enabled() ? Map.copyOf(snapshot.lastRoomMessageNumbers()) : Map.of();
        lastNumbers.forEach((room, last) -> seen.put(room, new SeenNumbers(last)));
    }

    List<Long> roomsOf(String user) {
        return roomsOf.getOrDefault(user, List.of());
    }

    void build(Session session, Request.BuildRoom req) {
        String creator = session.username();
        Set<String> named = new LinkedHashSet<>();
        for (String u : req.users()) {
            if (!named.add(u)) {
                Reply.error(session, req.id(), ErrorCode.INVALID_ARGUMENT, "Error. " + u + " is named more than once");
                return;
            }
        }
        named.remove(creator);
        if (named.isEmpty()) {
            Reply.error(session, req.id(), ErrorCode.SELF, "Error. A separate room needs at least one other user");
            return;
        }
        List<String> members = new ArrayList<>();
        members.add(creator);
        members.addAll(named);
        List<String> unknown = new ArrayList<>();
        List<String> offline = new ArrayList<>();
        List<String> refusing = new ArrayList<>();
        for (String u : named) {
            if (!ctx.exists(u)) {
                unknown.add(u);
            } else if (blocksAnyOf(u, members)) {
                // Before the presence check, and said whether u is online or not: a blocker's presence
                // stays hidden from those it blocked.
                refusing.add(u);
            } else if (!ctx.onlineAnywhere(u)) {
                offline.add(u);
            }
        }
        if (!unknown.isEmpty() || !offline.isEmpty() || !refusing.isEmpty()) {
            String why = unavailable(unknown, offline, refusing);
            Reply.error(session, req.id(), ErrorCode.ROOM_USERS_UNAVAILABLE, why);
            ctx.console.record(creator, "SRB refused: " + why);
            return;
        }
        Set<String> memberSet = Set.copyOf(members);
        Room existing = byMembers.get(memberSet);
        if (existing != null) {
            session.out().send(new Response.RoomBuilt(req.id(), existing.record.id(), existing.record.members(), true));
            return;
        }
        List<Waiter> pending = building.get(memberSet);
        if (pending != null) {
            pending.add(new Waiter(session, req.id()));
            return;
        }
        List<Waiter> waiters = new ArrayList<>();
        building.put(memberSet, waiters);
        long createdAt = ctx.now();
        ctx.then(ctx.store.saveRoom(members, creator, createdAt), (saved, err) -> {
            building.remove(memberSet);
            if (err != null) {
                Reply.internal(session, req.id(), "storing a room of " + members, err);
                waiters.forEach(w -> Reply.internalAlreadyLogged(w.session(), w.requestId()));
                return;
            }
            if (saved.existed()) {
                builtElsewhere(saved.room(), session, req.id(), waiters);
                return;
            }
            RoomRecord record = saved.room();
            long id = record.id();
            index(new Room(record));
            session.out().send(new Response.RoomBuilt(req.id(), id, members, false));
            tellMembers(record, session);
            ctx.cluster.publish(new ClusterEvent.RoomCreated(ctx.cluster.node(), id, members, creator, createdAt));
            ctx.console.record(creator, "built separate room " + id + " with " + String.join(", ", members));
            for (Waiter w : waiters) {
                w.session().out().send(new Response.RoomBuilt(w.requestId(), id, members, true));
            }
        });
    }

    /**
     * Another node committed a room of the same members first (both built it at once): that room is the answer,
     * as it is to a second SRB on one server. Known here from now on, so its RoomCreated, when it comes, finds it
     * and tells nobody: the members here are told now.
     */
    private void builtElsewhere(RoomRecord theirs, Session asker, long requestId, List<Waiter> waiters) {
        if (!byId.containsKey(theirs.id())) {
            index(new Room(theirs));
            tellMembers(theirs, asker);
            if (ctx.cluster.enabled()) {
                ctx.cluster.mode().logs().room(theirs);
            }
        }
        asker.out().send(new Response.RoomBuilt(requestId, theirs.id(), theirs.members(), true));
        for (Waiter w : waiters) {
            w.session().out().send(new Response.RoomBuilt(w.requestId(), theirs.id(), theirs.members(), true));
        }
    }

    void send(Session session, Request.SendRoomMessage req) {
        String from = session.username();
        Room room = byId.get(req.roomId());
        if (room == null) {
            Reply.error(session, req.id(), ErrorCode.ROOM_NOT_FOUND, "The separate room does not exist");
            return;
        }
        if (!room.members.contains(from)) {
            Reply.error(session, req.id(), ErrorCode.NOT_A_MEMBER, "You are not in this separate room chat");
            return;
        }
        long at = ctx.now();
        String committer = ctx.cluster.enabled() ? room.record.id() + " " + from : null;
        if (committer != null) {
            committing.started(committer);
        }
        ctx.then(ctx.store.saveRoomMessage(room.record.id(), from, req.text(), at), (number, err) -> {
            if (committer != null) {
                committing.ended(committer);
            }
            if (err != null) {
                Reply.internal(session, req.id(), "storing a message in room " + room.record.id(), err);
                return;
            }
            RoomMessageRecord message = new RoomMessageRecord(room.record.id(), number, from, req.text(), at);
            if (ctx.cluster.enabled()) {
                if (seen(room.record.id()).see(number)) {
                    inOrder(room.record.id()).offer(number, new Pending(message, session));
                }
            } else {
                fanOut(room, message, session);
            }
            ctx.cluster.publish(new ClusterEvent.RoomMessageCommitted(ctx.cluster.node(), room.record.id(), number,
                    from, req.text(), at));
            session.out().send(new Response.RoomMessageSent(req.id(), room.record.id(), number, at));
            ctx.console.record(from, "sent message #" + number + " to separate room " + room.record.id());
        });
    }

    /** A room another node committed: known here from now on, and its members here are told. */
    void received(ClusterEvent.RoomCreated event) {
        if (byId.containsKey(event.roomId())) {
            return;
        }
        RoomRecord record = new RoomRecord(event.roomId(), event.members(), event.createdBy(), event.createdAt());
        index(new Room(record));
        tellMembers(record, null);
        ctx.cluster.mode().logs().room(record);
    }

    /** A room message another node committed: to this node's members of the room, once. */
    void received(ClusterEvent.RoomMessageCommitted event) {
        Room room = byId.get(event.roomId());
        if (room == null || event.text() == null) {
            // a room this node has not heard of yet, or a text too long for the bus: from the database
            readAndDeliver(event.roomId(), event.number() - 1, 1);
            return;
        }
        deliver(room, new RoomMessageRecord(event.roomId(), event.number(), event.from(), event.text(), event.at()));
    }

    /** After a bus outage: every room with a member here, from its last number seen without a gap. */
    void catchUp() {
        for (Room room : byId.values()) {
            for (String m : room.record.members()) {
                if (ctx.presence.isOnline(m)) {
                    readAndDeliver(room.record.id(), seen(room.record.id()).contiguous(), Store.COLLECT_PAGE);
                    break;
                }
            }
        }
    }

    /** Rooms committed elsewhere that this node missed (read back after a bus outage). */
    void adopt(List<RoomRecord> rooms) {
        for (RoomRecord r : rooms) {
            if (!byId.containsKey(r.id())) {
                index(new Room(r));
                tellMembers(r, null);
                ctx.cluster.mode().logs().room(r);
            }
        }
    }

    private void readAndDeliver(long roomId, long afterNumber, int limit) {
        ctx.then(ctx.store.roomMessagesAfter(List.of(roomId), Long.MIN_VALUE, roomId, afterNumber, limit),
                (page, err) -> {
                    if (err != null) {
                        Faults.log("reading messages of room " + roomId, "the server", err);
                        return;
                    }
                    Room room = byId.get(roomId);
                    if (room == null) {
                        return; // its RoomCreated is still on its way; catch-up reads both later
                    }
                    for (RoomMessageRecord m : page) {
                        if (!committing.any(m.roomId() + " " + m.from())) {
                            deliver(room, m); // (one being stored here is left unseen: its own commit delivers it)
                        }
                    }
                    if (page.size() == Store.COLLECT_PAGE && limit == Store.COLLECT_PAGE) {
                        readAndDeliver(roomId, page.get(page.size() - 1).number(), limit);
                    }
                });
    }

    private SeenNumbers seen(long roomId) {
        return seen.computeIfAbsent(roomId, id -> new SeenNumbers(0));
    }

    private InOrderRelease<Pending> inOrder(long roomId) {
        return inOrder.computeIfAbsent(roomId, id -> new InOrderRelease<>(lastNumbers.getOrDefault(id, 0L),
                this::release, () -> readAndDeliver(id, seen(id).contiguous(), Store.COLLECT_PAGE), later));
    }

    /** Committed on another node: fanned out here (once, in number order) and added to this node's log. */
    private void deliver(Room room, RoomMessageRecord m) {
        if (seen(m.roomId()).see(m.number())) {
            inOrder(m.roomId()).offer(m.number(), new Pending(m, null));
        }
    }

    /**
     * Cluster mode: its predecessors in the room are out (or given up on). Not to a member who logged in after it
     * was committed: a single server never shows an older message live, and a held one (or one read back after a
     * gap, perhaps hours later) must not either.
     */
    private void release(Pending p) {
        Room room = byId.get(p.message.roomId());
        fanOut(room, p.message, p.sender, p.message.at());
        if (p.sender == null) {
            ctx.cluster.mode().logs().roomMessage(p.message);
        }
    }

    /** To the room's members here but the sender's session, leaving out those who blocked the sender. */
    private void fanOut(Room room, RoomMessageRecord m, Session sender) {
        fanOut(room, m, sender, Long.MAX_VALUE);
    }

    /** ... and only to members logged in at or before {@code loggedInBy}. */
    private void fanOut(Room room, RoomMessageRecord m, Session sender, long loggedInBy) {
        List<Outbound> recipients = new ArrayList<>();
        for (String member : room.record.members()) {
            Session s = ctx.presence.session(member);
            if (s != null && s != sender && s.loginAt() <= loggedInBy && !ctx.blocks.hasBlocked(member, m.from())) {
                recipients.add(s.out());
            }
        }
        ctx.fanOut(new Event.RoomMessageReceived(m.roomId(), m.from(), m.text(), m.number(), m.at()), recipients);
    }

    private void tellMembers(RoomRecord record, Session creator) {
        List<Outbound> told = new ArrayList<>();
        for (String m : record.members()) {
            Session s = ctx.presence.session(m);
            if (s != null && s != creator) {
                told.add(s.out());
            }
        }
        ctx.fanOut(new Event.RoomJoined(record.id(), record.members(), record.createdBy()), told);
    }

    /** True when {@code user} has blocked another of the room's members (the creator included). */
    private boolean blocksAnyOf(String user, List<String> members) {
        for (String m : members) {
            if (!m.equals(user) && ctx.blocks.hasBlocked(user, m)) {
                return true;
            }
        }
        return false;
    }

    private static String unavailable(List<String> unknown, List<String> offline, List<String> refusing) {
        StringBuilder sb = new StringBuilder("Error. No separate room created.");
        if (!unknown.isEmpty()) {
            sb.append(" Users that do not exist: ").append(String.join(", ", unknown)).append('.');
        }
        if (!offline.isEmpty()) {
            sb.append(" Users that are offline: ").append(String.join(", ", offline)).append('.');
        }
        if (!refusing.isEmpty()) {
            sb.append(" Users that cannot be added: ").append(String.join(", ", refusing)).append('.');
        }
        return sb.toString();
    }

    private void index(Room room) {
        byId.put(room.record.id(), room);
        byMembers.put(room.members, room);
        for (String m : room.record.members()) {
            roomsOf.computeIfAbsent(m, k -> new ArrayList<>()).add(room.record.id());
        }
    }
}
