package org.parley.server.core.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The server's record of truth. Writes are queued to a single writer that commits them in groups, in
 * the order they were submitted; each returned future completes only after the write is committed
 * (or fails with the cause, and then nothing of that write is stored, now or later), so the core
 * tells a user "done" only for what survives a crash, and "failed" only for what is not kept. Reads
 * see committed data only. Futures complete on the store's own threads: callers hop back to their
 * own executor. No method blocks the caller except {@link #load()} and {@link #close()}.
 */
public interface Store extends AutoCloseable {

    /** Page size of the collecting reads ({@link #broadcastsAfter(long)}, {@link #roomMessagesAfter(Collection, long)}). */
    int COLLECT_PAGE = 1000;

    /**
     * Everything the core keeps in memory, read once at start. Also closes login spans left open by a
     * crash, at the last moment the store knows the server was alive (or now).
     */
    Snapshot load();

    /** Inserts or replaces the account's password hash. */
    CompletableFuture<Void> saveAccount(AccountRecord account);

    /**
     * Inserts the account only if no account has its name (several nodes may register one name at
     * once: the first commit wins); completes with whether it was inserted.
     */
    default CompletableFuture<Boolean> createAccount(AccountRecord account) {
        return saveAccount(account).thenApply(v -> true);
    }

    /**
     * The committed accounts of these names (those that exist, in any order): for a cluster node that has not
     * heard of an account another node registered a moment ago.
     */
    CompletableFuture<List<AccountRecord>> accountsNamed(Collection<String> usernames);

    CompletableFuture<Void> saveBlock(String blocker, String blocked);

    CompletableFuture<Void> deleteBlock(String blocker, String blocked);

    /**
     * Stores a direct message pending delivery, whether or not its recipient is online; completes with
     * its id. Ids grow in commit order. It stays pending until {@link #markDelivered} (the recipient
     * acknowledged it, or it was dropped because the recipient blocked the sender).
     */
    CompletableFuture<Long> saveOfflineMessage(DirectMessageRecord message);

    /**
     * At most {@code limit} messages stored for this user, not yet delivered, with an id above
     * {@code afterId}, oldest (lowest id) first, as of every write submitted before this call (whether
     * or not it has committed yet). Successive pages from the last id read walk the whole backlog.
     */
    CompletableFuture<List<StoredDirectMessage>> pendingMessages(String recipient, long afterId, int limit);

    /** Marks messages delivered; ids already delivered, or unknown, are left as they are. */
    CompletableFuture<Void> markDelivered(Collection<Long> messageIds);

    /**
     * Stores a broadcast; completes with its number. Numbers are handed out by the store as it
     * commits (last committed + 1, ...), so a broadcast that fails takes no number: committed numbers
     * have no gaps, and futures complete in submission order, so numbers ascend in that order too.
     */
    CompletableFuture<Long> saveBroadcast(String from, String text, long at);

    /**
     * Stores a room (members in order, creator first), its id numbered like broadcasts; completes with it. One
     * set of members makes one room: if a room of the same members was committed first (by another node of a
     * cluster), nothing is stored and that room is the answer ({@link SavedRoom#existed}).
     */
    CompletableFuture<SavedRoom> saveRoom(List<String> members, String createdBy, long createdAt);

    /**
     * Stores a message in a committed room; completes with its number in that room, numbered like
     * broadcasts. Fails if the room does not exist.
     */
    CompletableFuture<Long> saveRoomMessage(long roomId, String from, String text, long at);

    CompletableFuture<Void> recordLogin(String username, long loginAt);

    /** Closes the span opened by {@link #recordLogin} with the same user and loginAt. */
    CompletableFuture<Void> recordLogout(String username, long loginAt, long logoutAt);

    /**
     * One page of broadcast history: at most {@code limit} broadcasts with {@code at > since} and a
     * number greater than {@code afterNumber}, by number. Fewer than {@code limit} means there are no
     * more; the next page starts after the last number returned (keyset paging: a reader never holds
     * more than one page, whatever the history's size).
     */
    CompletableFuture<List<BroadcastRecord>> broadcastsAfter(long since, long afterNumber, int limit);

    /**
     * One page of room history: at most {@code limit} messages of these rooms with {@code at > since},
     * ordered by room then number, strictly after the message {@code afterNumber} of room
     * {@code afterRoom} (0, 0: from the start). Fewer than {@code limit} means there are no more.
     */
    CompletableFuture<List<RoomMessageRecord>> roomMessagesAfter(Collection<Long> roomIds, long since,
            long afterRoom, long afterNumber, int limit);

    /** Every broadcast with {@code at > since}, by number, read page by page into one list: for tests and tools. */
    default CompletableFuture<List<BroadcastRecord>> broadcastsAfter(long since) {
        return collectBroadcasts(since, 0, new ArrayList<>());
    }

    /** Every message of these rooms with {@code at > since}, by room then number: for tests and tools. */
    default CompletableFuture<List<RoomMessageRecord>> roomMessagesAfter(Collection<Long> roomIds, long since) {
        return collectRoomMessages(List.copyOf(roomIds), since, 0, 0, new ArrayList<>());
    }

    private CompletableFuture<List<BroadcastRecord>> collectBroadcasts(long since, long after,
            List<BroadcastRecord> into) {
        return broadcastsAfter(since, after, COLLECT_PAGE).thenCompose(page -> {
            into.addAll(page);
            return page.size() < COLLECT_PAGE ? CompletableFuture.completedFuture(into)
                    : collectBroadcasts(since, page.get(page.size() - 1).number(), into);
        });
    }

    private CompletableFuture<List<RoomMessageRecord>> collectRoomMessages(List<Long> roomIds, long since,
            long afterRoom, long afterNumber, List<RoomMessageRecord> into) {
        return roomMessagesAfter(roomIds, since, afterRoom, afterNumber, COLLECT_PAGE).thenCompose(page -> {
            into.addAll(page);
            if (page.size() < COLLECT_PAGE) {
                return CompletableFuture.completedFuture(into);
            }
            RoomMessageRecord last = page.get(page.size() - 1);
            return collectRoomMessages(roomIds, since, last.roomId(), last.number(), into);
        });
    }

    /**
     * Users with a login span that was open at any moment at or after {@code since}, as of every write
     * submitted before this call.
     */
    CompletableFuture<List<String>> usersOnlineSince(long since);

    /** Drains the queue, commits what was submitted, and releases connections. */
    @Override
    void close();
}
