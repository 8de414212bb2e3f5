package org.parley.server.storage;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.parley.server.core.store.AccountRecord;
import org.parley.server.core.store.BroadcastRecord;
import org.parley.server.core.store.DirectMessageRecord;
import org.parley.server.core.store.RoomMessageRecord;
import org.parley.server.core.store.RoomRecord;
import org.parley.server.core.store.SavedRoom;
import org.parley.server.core.store.StoredDirectMessage;

/** The store's writes as {@link WriteOp}s. The SQL is portable (SQLite 3.24+ and PostgreSQL 9.5+). */
final class Writes {

    private Writes() {}

    static WriteOp<Void> saveAccount(AccountRecord account) {
        return context -> {
            PreparedStatement upsert = context.statement(
                    "INSERT INTO accounts (username, password_hash) VALUES (?, ?) "
                            + "ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash");
            upsert.setString(1, account.username());
            upsert.setString(2, account.passwordHash());
            upsert.executeUpdate();
            return null;
        };
    }

    /** True if inserted, false if an account of that name was there already (it is left as it was). */
    static WriteOp<Boolean> createAccount(AccountRecord account) {
        return context -> {
            PreparedStatement insert = context.statement(
                    "INSERT INTO accounts (username, password_hash) VALUES (?, ?) ON CONFLICT (username) DO NOTHING");
            insert.setString(1, account.username());
            insert.setString(2, account.passwordHash());
            return insert.executeUpdate() == 1;
        };
    }

    static WriteOp<Void> saveBlock(String blocker, String blocked) {
        return context -> {
            PreparedStatement insert = context.statement(
                    "INSERT INTO blocks (blocker, blocked) VALUES (?, ?) ON CONFLICT DO NOTHING");
            insert.setString(1, blocker);
            insert.setString(2, blocked);
            insert.executeUpdate();
            return null;
        };
    }

    static WriteOp<Void> deleteBlock(String blocker, String blocked) {
        return context -> {
            PreparedStatement delete = context.statement("DELETE FROM blocks WHERE blocker = ? AND blocked = ?");
            delete.setString(1, blocker);
            delete.setString(2, blocked);
            delete.executeUpdate();
            return null;
        };
    }

    static WriteOp<Long> saveOfflineMessage(DirectMessageRecord message) {
        return context -> {
            long id = context.nextMessageId();
            PreparedStatement insert = context.statement("INSERT INTO direct_messages"
                    + " (id, sender, recipient, body, sent_at, delivered_at) VALUES (?, ?, ?, ?, ?, ?)");
            insert.setLong(1, id);
            insert.setString(2, message.from());
            insert.setString(3, message.to());
            insert.setString(4, message.text());
            insert.setLong(5, message.at());
            insert.setNull(6, java.sql.Types.BIGINT);
            insert.executeUpdate();
            return id;
        };
    }

    /**
     * A read in the writer's queue: it sees every write queued before it. A page of a login's stored
     * messages must not miss a message acknowledged to its sender a moment earlier, nor bring back
     * messages whose delivery mark is still on its way to the database.
     */
    static WriteOp<List<StoredDirectMessage>> pendingMessages(String recipient, long afterId, int limit) {
        return context -> StoreQueries.pendingMessages(context.connection(), recipient, afterId, limit);
    }

    /** Also in the writer's queue: a session that ended a moment ago counts even before its span commits. */
    static WriteOp<List<String>> usersOnlineSince(long since) {
        return context -> StoreQueries.usersOnlineSince(context.connection(), since);
    }

    static WriteOp<Void> markDelivered(List<Long> messageIds) {
        return context -> {
            PreparedStatement update = context.statement(
                    "UPDATE direct_messages SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL");
            for (long id : messageIds) {
                update.setLong(1, context.now());
                update.setLong(2, id);
                update.executeUpdate();
            }
            return null;
        };
    }

    /** Numbered in the transaction, after the last committed broadcast; completes with the number. */
    static WriteOp<Long> saveBroadcast(String from, String text, long at) {
        return new WriteOp<>() {
            @Override
            public Long apply(WriteContext context) throws SQLException {
                long number = context.nextBroadcastNumber();
                PreparedStatement insert = context.statement(
                        "INSERT INTO broadcasts (number, sender, body, sent_at) VALUES (?, ?, ?, ?)");
                insert.setLong(1, number);
                insert.setString(2, from);
                insert.setString(3, text);
                insert.setLong(4, at);
                insert.executeUpdate();
                return number;
            }

            @Override
            public void publish(Long number, CommittedRecords records) {
                records.add(new BroadcastRecord(number, from, text, at));
            }
        };
    }

    /**
     * Claims the room's key (its sorted members) first: if another transaction holds it, the insert waits for
     * that one's end, and when it committed, that room is the answer and nothing is written. Otherwise the
     * room takes the next id in the transaction.
     */
    static WriteOp<SavedRoom> saveRoom(List<String> members, String createdBy, long createdAt) {
        String key = roomKey(members);
        return new WriteOp<>() {
            @Override
            public SavedRoom apply(WriteContext context) throws SQLException {
                PreparedStatement claim = context.statement(
                        "INSERT INTO room_keys (members, room_id) VALUES (?, 0) ON CONFLICT (members) DO NOTHING");
                claim.setString(1, key);
                if (claim.executeUpdate() == 0) {
                    return new SavedRoom(existingRoom(context, key), true);
                }
                long id = context.nextRoomId();
                PreparedStatement keyed = context.statement("UPDATE room_keys SET room_id = ? WHERE members = ?");
                keyed.setLong(1, id);
                keyed.setString(2, key);
                keyed.executeUpdate();
                PreparedStatement insert = context.statement(
                        "INSERT INTO rooms (id, created_by, created_at) VALUES (?, ?, ?)");
                insert.setLong(1, id);
                insert.setString(2, createdBy);
                insert.setLong(3, createdAt);
                insert.executeUpdate();
                PreparedStatement member = context.statement(
                        "INSERT INTO room_members (room_id, ordinal, username) VALUES (?, ?, ?)");
                for (int i = 0; i < members.size(); i++) {
                    member.setLong(1, id);
                    member.setInt(2, i);
                    member.setString(3, members.get(i));
                    member.executeUpdate();
                }
                return new SavedRoom(new RoomRecord(id, members, createdBy, createdAt), false);
            }

            @Override
            public void publish(SavedRoom saved, CommittedRecords records) {
                if (!saved.existed()) {
                    records.add(saved.room());
                }
            }
        };
    }

    /** One set of members, whatever their order: sorted names joined by spaces (a user name has none). */
    static String roomKey(List<String> members) {
        return String.join(" ", new java.util.TreeSet<>(members));
    }

    private static RoomRecord existingRoom(WriteContext context, String key) throws SQLException {
        PreparedStatement room = context.statement("SELECT r.id, r.created_by, r.created_at FROM room_keys k "
                + "JOIN rooms r ON r.id = k.room_id WHERE k.members = ?");
        room.setString(1, key);
        long id;
        String createdBy;
        long createdAt;
        try (java.sql.ResultSet rs = room.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("room key '" + key + "' is taken but names no stored room");
            }
            id = rs.getLong(1);
            createdBy = rs.getString(2);
            createdAt = rs.getLong(3);
        }
        PreparedStatement names = context.statement(
                "SELECT username FROM room_members WHERE room_id = ? ORDER BY ordinal");
        names.setLong(1, id);
        List<String> members = new java.util.ArrayList<>();
        try (java.sql.ResultSet rs = names.executeQuery()) {
            while (rs.next()) {
                members.add(rs.getString(1));
            }
        }
        return new RoomRecord(id, members, createdBy, createdAt);
    }

    /** Numbered in the transaction, after the room's last committed message; completes with the number. */
    static WriteOp<Long> saveRoomMessage(long roomId, String from, String text, long at) {
        return new WriteOp<>() {
            @Override
            public Long apply(WriteContext context) throws SQLException {
                long number = context.nextRoomMessageNumber(roomId);
                PreparedStatement insert = context.statement(
                        "INSERT INTO room_messages (room_id, number, sender, body, sent_at) VALUES (?, ?, ?, ?, ?)");
                insert.setLong(1, roomId);
                insert.setLong(2, number);
                insert.setString(3, from);
                insert.setString(4, text);
                insert.setLong(5, at);
                insert.executeUpdate();
                return number;
            }

            @Override
            public void publish(Long number, CommittedRecords records) {
                records.add(new RoomMessageRecord(roomId, number, from, text, at));
            }
        };
    }

    static WriteOp<Void> recordLogin(String username, long loginAt) {
        return context -> {
            PreparedStatement insert = context.statement(
                    "INSERT INTO login_spans (username, login_at) VALUES (?, ?) ON CONFLICT DO NOTHING");
            insert.setString(1, username);
            insert.setLong(2, loginAt);
            insert.executeUpdate();
            return null;
        };
    }

    static WriteOp<Void> recordLogout(String username, long loginAt, long logoutAt) {
        return context -> {
            PreparedStatement update = context.statement(
                    "UPDATE login_spans SET logout_at = ? WHERE username = ? AND login_at = ?");
            update.setLong(1, logoutAt);
            update.setString(2, username);
            update.setLong(3, loginAt);
            update.executeUpdate();
            return null;
        };
    }
}
