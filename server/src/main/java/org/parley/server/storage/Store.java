package org.parley.server.storage;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The server's record of truth. Writes are queued to a single writer that commits them in groups, in
 * the order they were submitted; each returned future completes only after the write is committed
 * (or fails with the cause), so the core tells a user "done" only for what survives a crash. Reads
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

    /** The core numbers broadcasts (last committed + 1 ...); the writer keeps that order. */
    CompletableFuture<Void> saveBroadcast(BroadcastRecord broadcast);

    CompletableFuture<Void> saveRoom(RoomRecord room);

    CompletableFuture<Void> saveRoomMessage(RoomMessageRecord message);

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
