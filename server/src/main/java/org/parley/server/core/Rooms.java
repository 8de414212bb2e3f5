package org.parley.server.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Event;
import org.parley.protocol.Request;
import org.parley.protocol.Response;
import org.parley.server.storage.RoomMessageRecord;
import org.parley.server.storage.RoomRecord;
import org.parley.server.storage.Snapshot;

/**
 * Separate rooms, SRB and SRM (SPEC 4.1, 4.2). A room is identified by its set of members; a room is
 * reported only once committed, and a second SRB for the same members waits for that same commit.
 */
final class Rooms {

    private static final class Room {
        final RoomRecord record;
        final Set<String> members;
        final CompletableFuture<Void> committed;
        long lastNumber;

        Room(RoomRecord record, CompletableFuture<Void> committed, long lastNumber) {
            this.record = record;
            this.members = Set.copyOf(record.members());
            this.committed = committed;
            this.lastNumber = lastNumber;
        }
    }

    private final CoreContext ctx;
    private final Map<Long, Room> byId = new HashMap<>();
    private final Map<Set<String>, Room> byMembers = new HashMap<>();
    private final Map<String, List<Long>> roomsOf = new HashMap<>();
    private long lastRoomId;

    Rooms(CoreContext ctx, Snapshot snapshot) {
        this.ctx = ctx;
        for (RoomRecord r : snapshot.rooms()) {
            index(new Room(r, CompletableFuture.completedFuture(null),
                    snapshot.lastRoomMessageNumbers().getOrDefault(r.id(), 0L)));
            lastRoomId = Math.max(lastRoomId, r.id());
        }
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
        List<String> unknown = new ArrayList<>();
        List<String> offline = new ArrayList<>();
        for (String u : named) {
            if (!ctx.exists(u)) {
                unknown.add(u);
            } else if (!ctx.presence.isOnline(u)) {
                offline.add(u);
            }
        }
        if (!unknown.isEmpty() || !offline.isEmpty()) {
            Reply.error(session, req.id(), ErrorCode.ROOM_USERS_UNAVAILABLE, unavailable(unknown, offline));
            ctx.console.record(creator, "SRB refused: " + unavailable(unknown, offline));
            return;
        }
        List<String> members = new ArrayList<>();
        members.add(creator);
        members.addAll(named);
        Room existing = byMembers.get(Set.copyOf(members));
        if (existing != null) {
            ctx.then(existing.committed, (v, err) -> {
                if (err != null) {
                    Reply.internal(session, req.id(), "storing room " + existing.record.id(), err);
                } else {
                    session.out().send(new Response.RoomBuilt(req.id(), existing.record.id(), existing.record.members(), true));
                }
            });
            return;
        }
        RoomRecord record = new RoomRecord(++lastRoomId, members, creator, ctx.now());
        CompletableFuture<Void> committed = ctx.store.saveRoom(record);
        Room room = new Room(record, committed, 0);
        index(room);
        ctx.then(committed, (v, err) -> {
            if (err != null) {
                unindex(room);
                Reply.internal(session, req.id(), "storing room " + record.id(), err);
                return;
            }
            session.out().send(new Response.RoomBuilt(req.id(), record.id(), members, false));
            List<Outbound> told = new ArrayList<>();
            for (String m : members) {
                Session s = ctx.presence.session(m);
                if (s != null && s != session) {
                    told.add(s.out());
                }
            }
            ctx.fanOut(new Event.RoomJoined(record.id(), members, creator), told);
            ctx.console.record(creator, "built separate room " + record.id() + " with " + String.join(", ", members));
        });
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
        long number = ++room.lastNumber;
        long at = ctx.now();
        var record = new RoomMessageRecord(room.record.id(), number, from, req.text(), at);
        ctx.then(ctx.store.saveRoomMessage(record), (v, err) -> {
            if (err != null) {
                Reply.internal(session, req.id(), "storing a message in room " + room.record.id(), err);
                return;
            }
            List<Outbound> recipients = new ArrayList<>();
            for (String m : room.record.members()) {
                Session s = ctx.presence.session(m);
                if (s != null && s != session && !ctx.blocks.hasBlocked(m, from)) {
                    recipients.add(s.out());
                }
            }
            ctx.fanOut(new Event.RoomMessageReceived(room.record.id(), from, req.text(), number, at), recipients);
            session.out().send(new Response.RoomMessageSent(req.id(), room.record.id(), number, at));
            ctx.console.record(from, "sent message #" + number + " to separate room " + room.record.id());
        });
    }

    private static String unavailable(List<String> unknown, List<String> offline) {
        StringBuilder sb = new StringBuilder("Error. No separate room created.");
        if (!unknown.isEmpty()) {
            sb.append(" Users that do not exist: ").append(String.join(", ", unknown)).append('.');
        }
        if (!offline.isEmpty()) {
            sb.append(" Users that are offline: ").append(String.join(", ", offline)).append('.');
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

    private void unindex(Room room) {
        byId.remove(room.record.id());
        byMembers.remove(room.members);
        for (String m : room.record.members()) {
            roomsOf.getOrDefault(m, new ArrayList<>()).remove(room.record.id());
        }
    }
}
