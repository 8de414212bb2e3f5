package org.parley.server.storage;

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

    /**
     * Everything the core keeps in memory, read once at start. Also closes login spans left open by a
     * crash, at the last moment the store knows the server was alive (or now).
     */
    Snapshot load();

    /** Inserts or replaces the account's password hash. */
    CompletableFuture<Void> saveAccount(AccountRecord account);

    CompletableFuture<Void> saveBlock(String blocker, String blocked);

    CompletableFuture<Void> deleteBlock(String blocker, String blocked);

    /** Stores a direct message for a recipient who is offline; completes with its id. */
    CompletableFuture<Long> saveOfflineMessage(DirectMessageRecord message);

    /**
     * Stores a direct message that is about to be pushed to its online recipient, already marked
     * delivered, so that live delivery costs one write; completes with its id.
     */
    CompletableFuture<Long> saveDeliveredMessage(DirectMessageRecord message);

    /** Puts messages back to pending (their recipient left before they could be pushed). */
    CompletableFuture<Void> markPending(Collection<Long> messageIds);

    /**
     * Messages stored for this user and not yet delivered, oldest first, as of every write submitted
     * before this call (whether or not it has committed yet).
     */
    CompletableFuture<List<StoredDirectMessage>> pendingMessages(String recipient);

    CompletableFuture<Void> markDelivered(Collection<Long> messageIds);

    /**
     * Stores a broadcast; completes with its number. Numbers are handed out by the store as it
     * commits (last committed + 1, ...), so a broadcast that fails takes no number: committed numbers
     * have no gaps, and futures complete in submission order, so numbers ascend in that order too.
     */
    CompletableFuture<Long> saveBroadcast(String from, String text, long at);

    /** Stores a room (members in order, creator first); completes with its id, numbered like broadcasts. */
    CompletableFuture<Long> saveRoom(List<String> members, String createdBy, long createdAt);

    /**
     * Stores a message in a committed room; completes with its number in that room, numbered like
     * broadcasts. Fails if the room does not exist.
     */
    CompletableFuture<Long> saveRoomMessage(long roomId, String from, String text, long at);

    CompletableFuture<Void> recordLogin(String username, long loginAt);

    /** Closes the span opened by {@link #recordLogin} with the same user and loginAt. */
    CompletableFuture<Void> recordLogout(String username, long loginAt, long logoutAt);

    /** Broadcasts with {@code at > since}, by number. */
    CompletableFuture<List<BroadcastRecord>> broadcastsAfter(long since);

    /** Messages of these rooms with {@code at > since}, by room then number. */
    CompletableFuture<List<RoomMessageRecord>> roomMessagesAfter(Collection<Long> roomIds, long since);

    /**
     * Users with a login span that was open at any moment at or after {@code since}, as of every write
     * submitted before this call.
     */
    CompletableFuture<List<String>> usersOnlineSince(long since);

    /** Drains the queue, commits what was submitted, and releases connections. */
    @Override
    void close();
}
