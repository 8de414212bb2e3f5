package org.parley.server.core.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link Store} contract in memory, for tests of the core without SQLite or sockets. Every call
 * takes one lock and completes its future before returning, so each read sees every write made before
 * it (as the real store's writer-queue reads do) and numbers are handed out in call order, gap-free
 * (nothing here can fail half-way). Nothing survives the object.
 */
public final class InMemoryStore implements Store {

    private final Map<String, AccountRecord> accounts = new LinkedHashMap<>();
    private final Map<String, Set<String>> blocks = new HashMap<>();
    private final TreeMap<Long, StoredDirectMessage> pending = new TreeMap<>();
    private final Set<Long> delivered = new HashSet<>();
    private final List<BroadcastRecord> broadcasts = new ArrayList<>();
    private final Map<Long, RoomRecord> rooms = new LinkedHashMap<>();
    private final Map<Long, List<RoomMessageRecord>> roomMessages = new HashMap<>();
    /** Login spans: user and login time to logout time (null while open). */
    private final Map<String, Map<Long, Long>> spans = new HashMap<>();
    private long lastMessageId;
    private boolean closed;

    @Override
    public synchronized Snapshot load() {
        Map<String, Set<String>> blockCopy = new HashMap<>();
        blocks.forEach((blocker, blocked) -> blockCopy.put(blocker, Set.copyOf(blocked)));
        Map<Long, Long> lastNumbers = new HashMap<>();
        rooms.keySet().forEach(id -> lastNumbers.put(id, (long) roomMessages.get(id).size()));
        return new Snapshot(List.copyOf(accounts.values()), blockCopy, List.copyOf(rooms.values()),
                broadcasts.size(), lastNumbers);
    }

    @Override
    public synchronized CompletableFuture<Void> saveAccount(AccountRecord account) {
        if (closed) {
            return closedStore();
        }
        accounts.put(account.username(), account);
        return done(null);
    }

    @Override
    public synchronized CompletableFuture<Boolean> createAccount(AccountRecord account) {
        if (closed) {
            return closedStore();
        }
        return done(accounts.putIfAbsent(account.username(), account) == null);
    }

    @Override
    public synchronized CompletableFuture<Void> saveBlock(String blocker, String blocked) {
        if (closed) {
            return closedStore();
        }
        blocks.computeIfAbsent(blocker, b -> new HashSet<>()).add(blocked);
        return done(null);
    }

    @Override
    public synchronized CompletableFuture<Void> deleteBlock(String blocker, String blocked) {
        if (closed) {
            return closedStore();
        }
        Set<String> set = blocks.get(blocker);
        if (set != null) {
            set.remove(blocked);
        }
        return done(null);
    }

    @Override
    public synchronized CompletableFuture<Long> saveOfflineMessage(DirectMessageRecord message) {
        if (closed) {
            return closedStore();
        }
        long id = ++lastMessageId;
        pending.put(id, new StoredDirectMessage(id, message));
        return done(id);
    }

    @Override
    public synchronized CompletableFuture<List<StoredDirectMessage>> pendingMessages(String recipient, long afterId,
            int limit) {
        List<StoredDirectMessage> page = new ArrayList<>();
        for (StoredDirectMessage m : pending.tailMap(afterId, false).values()) {
            if (page.size() == limit) {
                break;
            }
            if (m.message().to().equals(recipient)) {
                page.add(m);
            }
        }
        return done(page);
    }

    @Override
    public synchronized CompletableFuture<Void> markDelivered(Collection<Long> messageIds) {
        if (closed) {
            return closedStore();
        }
        for (long id : messageIds) {
            if (pending.remove(id) != null) {
                delivered.add(id);
            }
        }
        return done(null);
    }

    @Override
    public synchronized CompletableFuture<Long> saveBroadcast(String from, String text, long at) {
        if (closed) {
            return closedStore();
        }
        long number = broadcasts.size() + 1L;
        broadcasts.add(new BroadcastRecord(number, from, text, at));
        return done(number);
    }

    @Override
    public synchronized CompletableFuture<List<AccountRecord>> accountsNamed(Collection<String> usernames) {
        if (closed) {
            return closedStore();
        }
        List<AccountRecord> found = new ArrayList<>();
        for (String name : usernames) {
            AccountRecord a = accounts.get(name);
            if (a != null) {
                found.add(a);
            }
        }
        return done(found);
    }

    @Override
    public synchronized CompletableFuture<SavedRoom> saveRoom(List<String> members, String createdBy, long createdAt) {
        if (closed) {
            return closedStore();
        }
        Set<String> memberSet = Set.copyOf(members);
        for (RoomRecord r : rooms.values()) {
            if (Set.copyOf(r.members()).equals(memberSet)) {
                return done(new SavedRoom(r, true)); // one set of members makes one room
            }
        }
        long id = rooms.size() + 1L;
        RoomRecord room = new RoomRecord(id, members, createdBy, createdAt);
        rooms.put(id, room);
        roomMessages.put(id, new ArrayList<>());
        return done(new SavedRoom(room, false));
    }

    @Override
    public synchronized CompletableFuture<Long> saveRoomMessage(long roomId, String from, String text, long at) {
        if (closed) {
            return closedStore();
        }
        List<RoomMessageRecord> messages = roomMessages.get(roomId);
        if (messages == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no room " + roomId));
        }
        long number = messages.size() + 1L;
        messages.add(new RoomMessageRecord(roomId, number, from, text, at));
        return done(number);
    }

    @Override
    public synchronized CompletableFuture<Void> recordLogin(String username, long loginAt) {
        if (closed) {
            return closedStore();
        }
        spans.computeIfAbsent(username, u -> new HashMap<>()).putIfAbsent(loginAt, null);
        return done(null);
    }

    @Override
    public synchronized CompletableFuture<Void> recordLogout(String username, long loginAt, long logoutAt) {
        if (closed) {
            return closedStore();
        }
        Map<Long, Long> userSpans = spans.get(username);
        if (userSpans != null && userSpans.containsKey(loginAt)) {
            userSpans.put(loginAt, logoutAt);
        }
        return done(null);
    }

    @Override
    public synchronized CompletableFuture<List<BroadcastRecord>> broadcastsAfter(long since, long afterNumber,
            int limit) {
        return done(broadcasts.stream().filter(b -> b.number() > afterNumber && b.at() > since).limit(limit).toList());
    }

    @Override
    public synchronized CompletableFuture<List<RoomMessageRecord>> roomMessagesAfter(Collection<Long> roomIds,
            long since, long afterRoom, long afterNumber, int limit) {
        return done(roomIds.stream().sorted().filter(id -> id >= afterRoom && roomMessages.containsKey(id))
                .flatMap(id -> roomMessages.get(id).stream())
                .filter(m -> m.roomId() > afterRoom || m.number() > afterNumber)
                .filter(m -> m.at() > since)
                .sorted(Comparator.comparingLong(RoomMessageRecord::roomId).thenComparingLong(RoomMessageRecord::number))
                .limit(limit).toList());
    }

    @Override
    public synchronized CompletableFuture<List<String>> usersOnlineSince(long since) {
        List<String> users = new ArrayList<>();
        spans.forEach((user, userSpans) -> {
            if (userSpans.values().stream().anyMatch(logout -> logout == null || logout >= since)) {
                users.add(user);
            }
        });
        users.sort(Comparator.naturalOrder());
        return done(users);
    }

    /** Whether the message was marked delivered (acknowledged, or dropped for a block). */
    public synchronized boolean isDelivered(long messageId) {
        return delivered.contains(messageId);
    }

    /** Messages still pending for this user, oldest first. */
    public synchronized List<StoredDirectMessage> pendingFor(String recipient) {
        return pending.values().stream().filter(m -> m.message().to().equals(recipient)).toList();
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    private static <T> CompletableFuture<T> closedStore() {
        return CompletableFuture.failedFuture(new IllegalStateException("the store is closed"));
    }
}
