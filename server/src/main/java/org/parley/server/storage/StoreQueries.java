package org.parley.server.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.parley.server.core.store.AccountRecord;
import org.parley.server.core.store.BroadcastRecord;
import org.parley.server.core.store.DirectMessageRecord;
import org.parley.server.core.store.RoomMessageRecord;
import org.parley.server.core.store.RoomRecord;
import org.parley.server.core.store.Snapshot;
import org.parley.server.core.store.StoredDirectMessage;

/** The store's reads, each on a connection it is given; they see committed data only. */
final class StoreQueries {

    private StoreQueries() {}

    static Snapshot snapshot(Connection connection) throws SQLException {
        List<RoomRecord> rooms = rooms(connection);
        Map<Long, Long> lastRoomNumbers = new HashMap<>();
        for (RoomRecord room : rooms) {
            lastRoomNumbers.put(room.id(), 0L);
        }
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT room_id, MAX(number) FROM room_messages GROUP BY room_id")) {
            while (rows.next()) {
                lastRoomNumbers.put(rows.getLong(1), rows.getLong(2));
            }
        }
        return new Snapshot(accounts(connection), blocks(connection), rooms, singleLong(connection,
                "SELECT COALESCE(MAX(number), 0) FROM broadcasts"), lastRoomNumbers);
    }

    static long singleLong(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static List<AccountRecord> accounts(Connection connection) throws SQLException {
        List<AccountRecord> accounts = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT username, password_hash FROM accounts ORDER BY username")) {
            while (rows.next()) {
                accounts.add(new AccountRecord(rows.getString(1), rows.getString(2)));
            }
        }
        return accounts;
    }

    /** The accounts of these names that exist (any order). */
    static List<AccountRecord> accountsNamed(Connection connection, List<String> names) throws SQLException {
        List<AccountRecord> accounts = new ArrayList<>();
        if (names.isEmpty()) {
            return accounts;
        }
        String marks = String.join(", ", java.util.Collections.nCopies(names.size(), "?"));
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT username, password_hash FROM accounts WHERE username IN (" + marks + ")")) {
            for (int i = 0; i < names.size(); i++) {
                query.setString(i + 1, names.get(i));
            }
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    accounts.add(new AccountRecord(rows.getString(1), rows.getString(2)));
                }
            }
        }
        return accounts;
    }

    private static Map<String, Set<String>> blocks(Connection connection) throws SQLException {
        Map<String, Set<String>> blocks = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT blocker, blocked FROM blocks")) {
            while (rows.next()) {
                blocks.computeIfAbsent(rows.getString(1), blocker -> new TreeSet<>()).add(rows.getString(2));
            }
        }
        Map<String, Set<String>> frozen = new HashMap<>();
        blocks.forEach((blocker, blocked) -> frozen.put(blocker, Set.copyOf(blocked)));
        return frozen;
    }

    private static List<RoomRecord> rooms(Connection connection) throws SQLException {
        Map<Long, List<String>> members = new HashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT room_id, username FROM room_members ORDER BY room_id, ordinal")) {
            while (rows.next()) {
                members.computeIfAbsent(rows.getLong(1), id -> new ArrayList<>()).add(rows.getString(2));
            }
        }
        List<RoomRecord> rooms = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT id, created_by, created_at FROM rooms ORDER BY id")) {
            while (rows.next()) {
                long id = rows.getLong(1);
                rooms.add(new RoomRecord(id, members.getOrDefault(id, List.of()), rows.getString(2), rows.getLong(3)));
            }
        }
        return rooms;
    }

    static List<Long> roomIds(Connection connection) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id FROM rooms ORDER BY id")) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        return ids;
    }

    /** Keyset paging over the (recipient, delivered_at, id) index: each page costs its own rows only. */
    static List<StoredDirectMessage> pendingMessages(Connection connection, String recipient, long afterId, int limit)
            throws SQLException {
        List<StoredDirectMessage> messages = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT id, sender, recipient, body, sent_at FROM direct_messages "
                        + "WHERE recipient = ? AND delivered_at IS NULL AND id > ? ORDER BY id LIMIT ?")) {
            query.setString(1, recipient);
            query.setLong(2, afterId);
            query.setInt(3, limit);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    messages.add(new StoredDirectMessage(rows.getLong(1), new DirectMessageRecord(
                            rows.getString(2), rows.getString(3), rows.getString(4), rows.getLong(5))));
                }
            }
        }
        return messages;
    }

    /** One page: at most {@code limit} broadcasts with {@code sent_at > since} after {@code afterNumber}, by number. */
    static List<BroadcastRecord> broadcastsAfter(Connection connection, long since, long afterNumber, int limit)
            throws SQLException {
        List<BroadcastRecord> broadcasts = new ArrayList<>(Math.min(limit, 1000));
        // keyset paging on the primary key: each page starts where the last ended, whatever the size
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT number, sender, body, sent_at FROM broadcasts WHERE number > ? AND sent_at > ? "
                        + "ORDER BY number LIMIT ?")) {
            query.setLong(1, afterNumber);
            query.setLong(2, since);
            query.setInt(3, limit);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    broadcasts.add(new BroadcastRecord(rows.getLong(1), rows.getString(2), rows.getString(3),
                            rows.getLong(4)));
                }
            }
        }
        return broadcasts;
    }

    /** Broadcasts with {@code sent_at > since}, by number, streamed. */
    static void forEachBroadcast(Connection connection, long since, Consumer<BroadcastRecord> action)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT number, sender, body, sent_at FROM broadcasts WHERE sent_at > ? ORDER BY number")) {
            query.setFetchSize(1000);
            query.setLong(1, since);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    action.accept(new BroadcastRecord(rows.getLong(1), rows.getString(2), rows.getString(3),
                            rows.getLong(4)));
                }
            }
        }
    }

    /**
     * One page: at most {@code limit} messages of these rooms with {@code sent_at > since}, by room then
     * number, strictly after message {@code afterNumber} of room {@code afterRoom}. One keyset query per
     * room (its primary key), rooms in order, until the page is full.
     */
    static List<RoomMessageRecord> roomMessagesAfter(Connection connection, Collection<Long> roomIds, long since,
            long afterRoom, long afterNumber, int limit) throws SQLException {
        List<RoomMessageRecord> messages = new ArrayList<>(Math.min(limit, 1000));
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT number, sender, body, sent_at FROM room_messages "
                        + "WHERE room_id = ? AND number > ? AND sent_at > ? ORDER BY number LIMIT ?")) {
            for (long roomId : new TreeSet<>(roomIds).tailSet(afterRoom)) {
                if (messages.size() == limit) {
                    break;
                }
                query.setLong(1, roomId);
                query.setLong(2, roomId == afterRoom ? afterNumber : 0);
                query.setLong(3, since);
                query.setInt(4, limit - messages.size());
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        messages.add(new RoomMessageRecord(roomId, rows.getLong(1), rows.getString(2),
                                rows.getString(3), rows.getLong(4)));
                    }
                }
            }
        }
        return messages;
    }

    /** One room's messages with {@code sent_at > since}, by number, streamed. */
    static void forEachRoomMessage(Connection connection, long roomId, long since, Consumer<RoomMessageRecord> action)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT number, sender, body, sent_at FROM room_messages "
                        + "WHERE room_id = ? AND sent_at > ? ORDER BY number")) {
            query.setFetchSize(1000);
            query.setLong(1, roomId);
            query.setLong(2, since);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    action.accept(new RoomMessageRecord(roomId, rows.getLong(1), rows.getString(2),
                            rows.getString(3), rows.getLong(4)));
                }
            }
        }
    }

    static List<String> usersOnlineSince(Connection connection, long since) throws SQLException {
        List<String> users = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT DISTINCT username FROM login_spans "
                        + "WHERE logout_at IS NULL OR logout_at >= ? ORDER BY username")) {
            query.setLong(1, since);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    users.add(rows.getString(1));
                }
            }
        }
        return users;
    }
}
