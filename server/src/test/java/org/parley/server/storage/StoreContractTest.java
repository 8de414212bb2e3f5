package org.parley.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.server.core.store.AccountRecord;
import org.parley.server.core.store.BroadcastRecord;
import org.parley.server.core.store.DirectMessageRecord;
import org.parley.server.core.store.RoomMessageRecord;
import org.parley.server.core.store.RoomRecord;
import org.parley.server.core.store.SavedRoom;
import org.parley.server.core.store.Snapshot;
import org.parley.server.core.store.Store;
import org.parley.server.core.store.StoredDirectMessage;
import org.parley.server.textlog.MessageLogs;

/** The behaviour every {@link Store} backend must have; subclasses supply the database. */
abstract class StoreContractTest {

    @TempDir
    Path logDir;

    private final List<Store> opened = new ArrayList<>();
    final AtomicLong clock = new AtomicLong(1_000_000);

    /** The same database for every call within one test. */
    abstract StorageConfig config();

    /**
     * From now on every insert into this table fails inside the database and ends the writer's
     * transaction, as a full disk does, until {@link #allowInserts}.
     */
    abstract void failInserts(String table) throws SQLException;

    abstract void allowInserts(String table) throws SQLException;

    @AfterEach
    void closeStores() {
        opened.forEach(Store::close);
    }

    Store open(CommitListener listener) {
        Store store = JdbcStore.open(config(), listener, clock::get);
        opened.add(store);
        return store;
    }

    Store open() {
        return open(CommitListener.NONE);
    }

    Store open(CommitListener listener, FailingCommits commits) {
        Store store = JdbcStore.open(config(), listener, clock::get, commits);
        opened.add(store);
        return store;
    }

    static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(20, TimeUnit.SECONDS);
    }

    /** Stores the broadcast and checks that the store gave it the number the record expects. */
    static void save(Store store, BroadcastRecord b) throws Exception {
        assertThat(await(store.saveBroadcast(b.from(), b.text(), b.at()))).as("number of %s", b).isEqualTo(b.number());
    }

    static void save(Store store, RoomRecord room) throws Exception {
        assertThat(await(store.saveRoom(room.members(), room.createdBy(), room.createdAt())))
                .as("stored %s", room).isEqualTo(new SavedRoom(room, false));
    }

    static void save(Store store, RoomMessageRecord m) throws Exception {
        assertThat(await(store.saveRoomMessage(m.roomId(), m.from(), m.text(), m.at()))).as("number of %s", m)
                .isEqualTo(m.number());
    }

    @Test
    void emptyStoreLoadsAnEmptySnapshot() {
        Snapshot snapshot = open().load();
        assertThat(snapshot.accounts()).isEmpty();
        assertThat(snapshot.blocks()).isEmpty();
        assertThat(snapshot.rooms()).isEmpty();
        assertThat(snapshot.lastBroadcastNumber()).isZero();
        assertThat(snapshot.lastRoomMessageNumbers()).isEmpty();
    }

    @Test
    void accountsAreInsertedAndTheirHashReplaced() throws Exception {
        Store store = open();
        await(store.saveAccount(new AccountRecord("yoda", "$argon2id$old")));
        await(store.saveAccount(new AccountRecord("anakin", "$argon2id$a")));
        await(store.saveAccount(new AccountRecord("yoda", "$argon2id$new")));

        assertThat(store.load().accounts()).containsExactly(
                new AccountRecord("anakin", "$argon2id$a"), new AccountRecord("yoda", "$argon2id$new"));
    }

    @Test
    void accountsAreLookedUpByNameAndOnlyThoseThatExistAreFound() throws Exception {
        Store store = open();
        await(store.saveAccount(new AccountRecord("yoda", "$argon2id$y")));
        await(store.saveAccount(new AccountRecord("anakin", "$argon2id$a")));

        assertThat(await(store.accountsNamed(List.of("anakin", "nobody", "yoda"))))
                .containsExactlyInAnyOrder(new AccountRecord("anakin", "$argon2id$a"), new AccountRecord("yoda", "$argon2id$y"));
        assertThat(await(store.accountsNamed(List.of("nobody")))).isEmpty();
        assertThat(await(store.accountsNamed(List.of()))).isEmpty();
    }

    @Test
    void blocksAreAddedIdempotentlyAndDeleted() throws Exception {
        Store store = open();
        await(store.saveBlock("ann", "bob"));
        await(store.saveBlock("ann", "cid"));
        await(store.saveBlock("ann", "bob"));
        await(store.saveBlock("bob", "ann"));
        await(store.deleteBlock("ann", "cid"));
        await(store.deleteBlock("bob", "nobody"));

        assertThat(store.load().blocks()).isEqualTo(Map.of("ann", Set.of("bob"), "bob", Set.of("ann")));
    }

    @Test
    void offlineMessagesArePendingOldestFirstUntilDelivered() throws Exception {
        Store store = open();
        DirectMessageRecord first = new DirectMessageRecord("ann", "bob", "one", 10);
        DirectMessageRecord second = new DirectMessageRecord("cid", "bob", "two", 20);
        DirectMessageRecord third = new DirectMessageRecord("ann", "bob", "three", 30);
        long id1 = await(store.saveOfflineMessage(first));
        long id2 = await(store.saveOfflineMessage(second));
        await(store.saveOfflineMessage(new DirectMessageRecord("ann", "cid", "other", 15)));
        long id3 = await(store.saveOfflineMessage(third));

        assertThat(List.of(id1, id2, id3)).isSorted().doesNotHaveDuplicates();
        assertThat(await(store.pendingMessages("bob", 0, Integer.MAX_VALUE))).containsExactly(
                new StoredDirectMessage(id1, first), new StoredDirectMessage(id2, second),
                new StoredDirectMessage(id3, third));

        await(store.markDelivered(List.of(id1, id2)));
        await(store.markDelivered(List.of()));
        assertThat(await(store.pendingMessages("bob", 0, Integer.MAX_VALUE))).containsExactly(new StoredDirectMessage(id3, third));
        assertThat(await(store.pendingMessages("cid", 0, Integer.MAX_VALUE))).hasSize(1);
        assertThat(await(store.pendingMessages("nobody", 0, Integer.MAX_VALUE))).isEmpty();
    }

    @Test
    void pendingMessagesSeeEveryWriteSubmittedBeforeThemEvenWhileTheWriterIsBusy() throws Exception {
        HeldWriter held = new HeldWriter();
        Store store = open(held);
        long delivered = await(store.saveOfflineMessage(new DirectMessageRecord("ann", "bob", "seen", 10)));
        DirectMessageRecord fresh = new DirectMessageRecord("ann", "bob", "fresh", 20);

        held.holdAfterNextCommit(store);
        store.markDelivered(List.of(delivered));
        CompletableFuture<Long> freshId = store.saveOfflineMessage(fresh);
        CompletableFuture<List<StoredDirectMessage>> pending = store.pendingMessages("bob", 0, Integer.MAX_VALUE);
        held.release();

        // A login reading its stored messages right after these writes must see both of them.
        assertThat(await(pending)).containsExactly(new StoredDirectMessage(await(freshId), fresh));
    }

    @Test
    void usersOnlineSinceSeesSpansSubmittedBeforeItEvenWhileTheWriterIsBusy() throws Exception {
        HeldWriter held = new HeldWriter();
        Store store = open(held);

        held.holdAfterNextCommit(store);
        store.recordLogin("brief", 5_000);
        store.recordLogout("brief", 5_000, 6_000);
        CompletableFuture<List<String>> seen = store.usersOnlineSince(4_000);
        held.release();

        assertThat(await(seen)).containsExactly("brief");
    }

    /**
     * Keeps the store's writer busy on demand: the commit listener runs on the writer thread, so holding
     * it there keeps every later write queued, as a loaded writer does.
     */
    private static final class HeldWriter implements CommitListener {
        private final AtomicBoolean holding = new AtomicBoolean();
        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        @Override
        public void committed(CommittedBatch batch) {
            if (holding.get()) {
                held.countDown();
                try {
                    released.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** Commits one write and returns once the writer is held after it, until {@link #release()}. */
        void holdAfterNextCommit(Store store) throws InterruptedException {
            holding.set(true);
            store.saveOfflineMessage(new DirectMessageRecord("ann", "cid", "holds the writer", 15));
            assertThat(held.await(30, TimeUnit.SECONDS)).as("the writer is held").isTrue();
        }

        void release() {
            holding.set(false);
            released.countDown();
        }
    }

    @Test
    void pendingMessagesComeInPagesAfterTheLastIdRead() throws Exception {
        Store store = open();
        List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(await(store.saveOfflineMessage(new DirectMessageRecord("ann", "bob", "m" + i, i))));
            await(store.saveOfflineMessage(new DirectMessageRecord("ann", "cid", "not bob's " + i, i)));
        }
        await(store.markDelivered(List.of(ids.get(3))));

        List<Long> walked = new java.util.ArrayList<>();
        long after = 0;
        List<StoredDirectMessage> page;
        do {
            page = await(store.pendingMessages("bob", after, 2));
            assertThat(page.size()).as("a page holds at most its limit").isLessThanOrEqualTo(2);
            page.forEach(m -> walked.add(m.id()));
            after = page.isEmpty() ? after : page.get(page.size() - 1).id();
        } while (!page.isEmpty());
        assertThat(walked).as("every pending message once, oldest first, the delivered one skipped")
                .containsExactly(ids.get(0), ids.get(1), ids.get(2), ids.get(4), ids.get(5), ids.get(6));
        assertThat(await(store.pendingMessages("bob", ids.get(5), 100))).extracting(StoredDirectMessage::id)
                .containsExactly(ids.get(6));
    }

    @Test
    void offlineMessageIdsAreNeverReusedAfterARestart() throws Exception {
        Store store = open();
        long before = await(store.saveOfflineMessage(new DirectMessageRecord("ann", "bob", "one", 10)));
        store.close();

        Store reopened = open();
        long after = await(reopened.saveOfflineMessage(new DirectMessageRecord("ann", "bob", "two", 20)));
        assertThat(after).isGreaterThan(before);
        assertThat(await(reopened.pendingMessages("bob", 0, Integer.MAX_VALUE))).extracting(StoredDirectMessage::id)
                .containsExactly(before, after);
    }

    @Test
    void broadcastsAreReadStrictlyAfterATime() throws Exception {
        Store store = open();
        BroadcastRecord b1 = new BroadcastRecord(1, "ann", "hello", 1000);
        BroadcastRecord b2 = new BroadcastRecord(2, "bob", "hi", 2000);
        BroadcastRecord b3 = new BroadcastRecord(3, "ann", "ünïcödé ✓", 3000);
        save(store, b1);
        save(store, b2);
        save(store, b3);

        assertThat(await(store.broadcastsAfter(1000))).containsExactly(b2, b3);
        assertThat(await(store.broadcastsAfter(0))).containsExactly(b1, b2, b3);
        assertThat(await(store.broadcastsAfter(3000))).isEmpty();
        assertThat(store.load().lastBroadcastNumber()).isEqualTo(3);
    }

    @Test
    void broadcastHistoryIsReadInKeysetPagesOfAtMostTheLimit() throws Exception {
        Store store = open();
        List<BroadcastRecord> all = new ArrayList<>();
        for (int n = 1; n <= 23; n++) {
            // times out of step with numbers for a few: the page order is the number, the filter the time
            BroadcastRecord b = new BroadcastRecord(n, n % 2 == 0 ? "ann" : "bob", "b" + n, n == 7 ? 100 : 1000L + n);
            save(store, b);
            all.add(b);
        }
        save(store, new BroadcastRecord(24, "ann", "b24", 1024));
        all.add(new BroadcastRecord(24, "ann", "b24", 1024));

        List<BroadcastRecord> paged = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        long after = 0;
        while (true) {
            List<BroadcastRecord> page = await(store.broadcastsAfter(500, after, 5));
            sizes.add(page.size());
            paged.addAll(page);
            if (page.size() < 5) {
                break;
            }
            after = page.get(page.size() - 1).number();
        }
        assertThat(paged).isEqualTo(all.stream().filter(b -> b.at() > 500).toList());
        assertThat(sizes).containsExactly(5, 5, 5, 5, 3);
        assertThat(await(store.broadcastsAfter(500, 24, 5))).isEmpty();
        assertThat(await(store.broadcastsAfter(0, 6, 2))).extracting(BroadcastRecord::number).containsExactly(7L, 8L);
        assertThat(await(store.broadcastsAfter(0, 0, 1))).containsExactly(all.get(0));
    }

    @Test
    void roomHistoryIsReadInKeysetPagesByRoomThenNumber() throws Exception {
        Store store = open();
        for (long id = 1; id <= 4; id++) {
            save(store, new RoomRecord(id, List.of("ann", "bob" + id), "ann", 500));
        }
        List<RoomMessageRecord> expected = new ArrayList<>();
        // room 1: 4 messages, room 2: none, room 3: 3 (one before the time asked), room 4: 5 (not asked for)
        for (long number = 1; number <= 4; number++) {
            RoomMessageRecord m = new RoomMessageRecord(1, number, "ann", "r1-" + number, 1000 + number);
            save(store, m);
            expected.add(m);
        }
        for (long number = 1; number <= 3; number++) {
            RoomMessageRecord m = new RoomMessageRecord(3, number, "bob", "r3-" + number, number == 1 ? 10 : 2000 + number);
            save(store, m);
            if (number > 1) {
                expected.add(m);
            }
        }
        for (long number = 1; number <= 5; number++) {
            save(store, new RoomMessageRecord(4, number, "bob", "r4-" + number, 3000 + number));
        }
        save(store, new BroadcastRecord(1, "ann", "sync", 1));

        for (int limit : new int[] {1, 2, 3, 4, 100}) {
            List<RoomMessageRecord> paged = new ArrayList<>();
            long afterRoom = 0;
            long afterNumber = 0;
            while (true) {
                List<RoomMessageRecord> page = await(store.roomMessagesAfter(List.of(3L, 2L, 1L), 500, afterRoom,
                        afterNumber, limit));
                assertThat(page.size()).isLessThanOrEqualTo(limit);
                paged.addAll(page);
                if (page.size() < limit) {
                    break;
                }
                afterRoom = page.get(page.size() - 1).roomId();
                afterNumber = page.get(page.size() - 1).number();
            }
            assertThat(paged).as("pages of %d", limit).isEqualTo(expected);
        }
        assertThat(await(store.roomMessagesAfter(List.of(1L, 3L), 500, 1, 4, 10))).extracting(RoomMessageRecord::text)
                .containsExactly("r3-2", "r3-3");
        assertThat(await(store.roomMessagesAfter(List.of(1L, 3L), 500, 2, 99, 10))).extracting(RoomMessageRecord::text)
                .as("a cursor in a room the reader is not in continues with the next room")
                .containsExactly("r3-2", "r3-3");
        assertThat(await(store.roomMessagesAfter(List.of(1L, 3L), 500, 3, 3, 10))).isEmpty();
        assertThatThrownBy(() -> store.broadcastsAfter(0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oneSetOfMembersMakesOneRoomTheOneStoredFirstIsTheAnswerAndTakesNoNumber() throws Exception {
        Store store = open();
        RoomRecord first = new RoomRecord(1, List.of("cid", "ann", "bob"), "cid", 500);
        save(store, first);

        assertThat(await(store.saveRoom(List.of("bob", "cid", "ann"), "bob", 900)))
                .isEqualTo(new SavedRoom(first, true));
        save(store, new RoomRecord(2, List.of("ann", "bob"), "ann", 950));
        assertThat(store.load().rooms()).extracting(RoomRecord::id).containsExactly(1L, 2L);
    }

    @Test
    void roomsKeepTheirMemberOrderAndMessagesAreReadByRoomThenNumber() throws Exception {
        Store store = open();
        RoomRecord room1 = new RoomRecord(1, List.of("cid", "ann", "bob"), "cid", 500);
        RoomRecord room2 = new RoomRecord(2, List.of("bob", "ann"), "bob", 600);
        RoomRecord room3 = new RoomRecord(3, List.of("ann", "dan"), "ann", 700);
        save(store, room1);
        save(store, room2);
        save(store, room3);
        RoomMessageRecord m21 = new RoomMessageRecord(2, 1, "bob", "first in 2", 1000);
        RoomMessageRecord m11 = new RoomMessageRecord(1, 1, "ann", "first in 1", 1100);
        RoomMessageRecord m12 = new RoomMessageRecord(1, 2, "cid", "second in 1", 1200);
        RoomMessageRecord m31 = new RoomMessageRecord(3, 1, "dan", "not asked for", 1300);
        for (RoomMessageRecord message : List.of(m21, m11, m12, m31)) {
            save(store, message);
        }

        assertThat(await(store.roomMessagesAfter(List.of(2L, 1L), 0))).containsExactly(m11, m12, m21);
        assertThat(await(store.roomMessagesAfter(List.of(2L, 1L), 1100))).containsExactly(m12);
        assertThat(await(store.roomMessagesAfter(List.of(), 0))).isEmpty();
        Snapshot snapshot = store.load();
        assertThat(snapshot.rooms()).containsExactly(room1, room2, room3);
        assertThat(snapshot.lastRoomMessageNumbers()).isEqualTo(Map.of(1L, 2L, 2L, 1L, 3L, 1L));
    }

    @Test
    void aRoomWithoutMessagesHasLastNumberZero() throws Exception {
        Store store = open();
        save(store, new RoomRecord(1, List.of("ann", "bob"), "ann", 1));
        assertThat(store.load().lastRoomMessageNumbers()).isEqualTo(Map.of(1L, 0L));
    }

    @Test
    void aFailedWriteFailsItsFutureWithTheCauseAndTakesNoNumber() throws Exception {
        Store store = open();
        save(store, new BroadcastRecord(1, "ann", "first", 1));
        save(store, new RoomRecord(1, List.of("ann", "bob"), "ann", 1));

        assertThatThrownBy(() -> await(store.saveRoomMessage(99, "ann", "no room", 3)))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(java.sql.SQLException.class);
        save(store, new BroadcastRecord(2, "ann", "second", 4));
        save(store, new RoomRecord(2, List.of("ann", "cid"), "ann", 5));
        save(store, new RoomMessageRecord(1, 1, "ann", "in room 1", 6));
        assertThat(await(store.broadcastsAfter(0))).extracting(BroadcastRecord::text).containsExactly("first", "second");
    }

    @Test
    void aBadWriteInAGroupFailsAloneAndTheRestOfTheGroupCommitsWithoutAGap() throws Exception {
        RecordingListener listener = new RecordingListener();
        Store store = open(listener);
        listener.holdWriter();
        CompletableFuture<Void> opener = store.saveAccount(new AccountRecord("ann", "h"));
        listener.awaitWriterHeld();
        CompletableFuture<Long> one = store.saveBroadcast("ann", "one", 1);
        CompletableFuture<Long> bad = store.saveRoomMessage(99, "ann", "no such room", 2);
        CompletableFuture<Long> two = store.saveBroadcast("ann", "two", 3);
        listener.releaseWriter();

        await(opener);
        assertThat(await(one)).isEqualTo(1);
        assertThat(await(two)).isEqualTo(2);
        assertThatThrownBy(() -> await(bad)).hasCauseInstanceOf(java.sql.SQLException.class);
        assertThat(await(store.broadcastsAfter(0))).extracting(BroadcastRecord::text).containsExactly("one", "two");
        assertThat(listener.broadcasts()).extracting(BroadcastRecord::text).containsExactly("one", "two");
        assertThat(listener.batches).flatExtracting(CommittedBatch::roomMessages).isEmpty();
    }

    private static final List<String> WRITTEN_TABLES = List.of("broadcasts", "rooms", "room_messages", "direct_messages");

    @Test
    void writesRefusedByAStorageFaultAreNotStoredAndTheWriterRecoversWithoutAGap() throws Exception {
        MessageLogs logs = new MessageLogs(logDir, ZoneOffset.UTC);
        Store store = open(logs);
        save(store, new BroadcastRecord(1, "ann", "before", 10));
        save(store, new RoomRecord(1, List.of("ann", "bob"), "ann", 10));
        save(store, new RoomMessageRecord(1, 1, "ann", "before", 10));
        long lastId = await(store.saveOfflineMessage(new DirectMessageRecord("ann", "bob", "before", 10)));

        for (String table : WRITTEN_TABLES) {
            failInserts(table);
        }
        // Submitted together, so they share groups and also go through the one-by-one retry.
        List<CompletableFuture<?>> refused = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            refused.add(store.saveBroadcast("ann", "refused " + i, 20));
            refused.add(store.saveRoom(List.of("ann", "cid"), "ann", 20));
            refused.add(store.saveRoomMessage(1, "ann", "refused " + i, 20));
            refused.add(store.saveOfflineMessage(new DirectMessageRecord("ann", "bob", "refused " + i, 20)));
            refused.add(store.saveOfflineMessage(new DirectMessageRecord("ann", "cid", "refused " + i, 20)));
        }
        for (CompletableFuture<?> future : refused) {
            assertThatThrownBy(() -> await(future)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SQLException.class);
        }
        for (String table : WRITTEN_TABLES) {
            allowInserts(table);
        }

        // No restart: the next writes succeed, numbered right after the last committed ones.
        save(store, new BroadcastRecord(2, "ann", "after", 30));
        save(store, new RoomRecord(2, List.of("ann", "cid"), "ann", 30));
        save(store, new RoomMessageRecord(1, 2, "ann", "after", 30));
        assertThat(await(store.saveOfflineMessage(new DirectMessageRecord("ann", "bob", "after", 30))))
                .isEqualTo(lastId + 1);

        assertThat(await(store.broadcastsAfter(0))).extracting(BroadcastRecord::text).containsExactly("before", "after");
        assertThat(await(store.roomMessagesAfter(List.of(1L, 2L), 0))).extracting(RoomMessageRecord::text)
                .containsExactly("before", "after");
        assertThat(await(store.pendingMessages("bob", 0, Integer.MAX_VALUE))).extracting(m -> m.message().text())
                .containsExactly("before", "after");
        assertThat(await(store.pendingMessages("cid", 0, Integer.MAX_VALUE))).isEmpty();
        Snapshot snapshot = store.load();
        assertThat(snapshot.rooms()).extracting(RoomRecord::id).containsExactly(1L, 2L);
        assertThat(snapshot.lastBroadcastNumber()).isEqualTo(2);
        assertThat(snapshot.lastRoomMessageNumbers()).isEqualTo(Map.of(1L, 2L, 2L, 0L));
        assertThat(Files.readAllLines(logs.broadcastLog())).hasSize(2).allMatch(line -> !line.contains("refused"));
        assertThat(Files.readAllLines(logs.roomLog(1))).hasSize(2).allMatch(line -> !line.contains("refused"));
        assertThat(logs.roomLog(3)).doesNotExist();
    }

    @Test
    void aStorageFaultFailsOnlyTheWritesItHitsAndTheRestOfTheGroupCommits() throws Exception {
        RecordingListener listener = new RecordingListener();
        Store store = open(listener);
        save(store, new RoomRecord(1, List.of("ann", "bob"), "ann", 1));
        failInserts("broadcasts");
        listener.holdWriter();
        CompletableFuture<Void> opener = store.saveAccount(new AccountRecord("ann", "h"));
        listener.awaitWriterHeld();
        CompletableFuture<Long> first = store.saveRoomMessage(1, "ann", "one", 2);
        CompletableFuture<Long> refused = store.saveBroadcast("ann", "refused", 3);
        CompletableFuture<Void> account = store.saveAccount(new AccountRecord("bob", "h"));
        CompletableFuture<Long> second = store.saveRoomMessage(1, "ann", "two", 4);
        listener.releaseWriter();

        await(opener);
        assertThat(await(first)).isEqualTo(1);
        assertThatThrownBy(() -> await(refused)).hasCauseInstanceOf(SQLException.class);
        await(account);
        assertThat(await(second)).isEqualTo(2);
        allowInserts("broadcasts");
        save(store, new BroadcastRecord(1, "ann", "after", 5));
        assertThat(listener.broadcasts()).extracting(BroadcastRecord::text).containsExactly("after");
        assertThat(store.load().accounts()).extracting(AccountRecord::username).containsExactly("ann", "bob");
    }

    @Test
    void aCommitThatFailsIsNeverCommittedLaterByTheNextTransaction() throws Exception {
        FailingCommits commits = new FailingCommits();
        RecordingListener listener = new RecordingListener();
        Store store = open(listener, commits);
        save(store, new BroadcastRecord(1, "ann", "first", 1));

        commits.failNextCommit(FailingCommits.Outcome.NOT_COMMITTED);
        assertThatThrownBy(() -> await(store.saveBroadcast("ann", "refused", 2)))
                .hasCauseInstanceOf(SQLException.class);
        save(store, new BroadcastRecord(2, "ann", "second", 3));
        await(store.saveAccount(new AccountRecord("ann", "h")));

        assertThat(await(store.broadcastsAfter(0))).extracting(BroadcastRecord::text).containsExactly("first", "second");
        assertThat(listener.broadcasts()).extracting(BroadcastRecord::text).containsExactly("first", "second");
    }

    @Test
    void aCommitThatReportsAnErrorButTookEffectIsAcknowledged() throws Exception {
        FailingCommits commits = new FailingCommits();
        RecordingListener listener = new RecordingListener();
        Store store = open(listener, commits);

        commits.failNextCommit(FailingCommits.Outcome.COMMITTED);
        save(store, new BroadcastRecord(1, "ann", "kept", 1));
        save(store, new BroadcastRecord(2, "ann", "next", 2));

        assertThat(await(store.broadcastsAfter(0))).extracting(BroadcastRecord::text).containsExactly("kept", "next");
        assertThat(listener.broadcasts()).extracting(BroadcastRecord::text).containsExactly("kept", "next");
    }

    @Test
    void futuresCompleteInSubmissionOrder() throws Exception {
        Store store = open();
        List<Integer> completed = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<?>> futures = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int index = i;
            CompletableFuture<?> future = switch (i % 4) {
                case 0 -> store.saveBroadcast("ann", "b" + i, i);
                case 1 -> store.saveOfflineMessage(new DirectMessageRecord("ann", "bob", "m" + i, i));
                case 2 -> store.saveBlock("ann", "user" + i);
                default -> store.recordLogin("ann", i);
            };
            futures.add(future.thenRun(() -> completed.add(index)));
        }
        await(CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)));

        assertThat(completed).hasSize(300).isSorted();
    }

    @Test
    void broadcastsAreCommittedAndPublishedInSubmissionOrder() throws Exception {
        RecordingListener listener = new RecordingListener();
        Store store = open(listener);
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (long n = 1; n <= 200; n++) {
            futures.add(store.saveBroadcast("ann", "text " + n, n));
        }
        await(CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)));

        List<Long> expected = LongStream.rangeClosed(1, 200).boxed().toList();
        assertThat(futures).extracting(CompletableFuture::join).isEqualTo(expected);
        assertThat(listener.broadcasts()).extracting(BroadcastRecord::text)
                .isEqualTo(expected.stream().map(n -> "text " + n).toList());
        assertThat(listener.broadcasts()).extracting(BroadcastRecord::number).isEqualTo(expected);
        assertThat(await(store.broadcastsAfter(Long.MIN_VALUE))).extracting(BroadcastRecord::number)
                .isEqualTo(expected);
    }

    @Test
    void writesQueuedWhileTheWriterIsBusyShareCommits() throws Exception {
        RecordingListener listener = new RecordingListener();
        Store store = open(listener);
        listener.holdWriter();
        CompletableFuture<Void> opener = store.saveAccount(new AccountRecord("ann", "h"));
        listener.awaitWriterHeld();

        ExecutorService submitters = Executors.newFixedThreadPool(4);
        List<CompletableFuture<Long>> futures = Collections.synchronizedList(new ArrayList<>());
        try {
            List<CompletableFuture<Void>> submitted = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                submitted.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 250; i++) {
                        futures.add(store.saveOfflineMessage(
                                new DirectMessageRecord("t" + thread, "bob", "m" + i, i)));
                    }
                }, submitters));
            }
            await(CompletableFuture.allOf(submitted.toArray(CompletableFuture[]::new)));
        } finally {
            submitters.shutdown();
        }
        listener.releaseWriter();
        await(opener);
        await(CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)));

        assertThat(listener.committedWrites()).isEqualTo(1001);
        // 1000 queued writes, at most 512 per transaction: two commits after the held one.
        assertThat(listener.batches).hasSize(3);
        assertThat(await(store.pendingMessages("bob", 0, Integer.MAX_VALUE))).hasSize(1000);
    }

    @Test
    void usersOnlineSinceCountsOpenSpansAndSpansEndingInTheWindow() throws Exception {
        Store store = open();
        await(store.recordLogin("open", 1000));
        await(store.recordLogin("endsLate", 1000));
        await(store.recordLogout("endsLate", 1000, 5000));
        await(store.recordLogin("endsEarly", 1000));
        await(store.recordLogout("endsEarly", 1000, 2000));
        await(store.recordLogin("twice", 100));
        await(store.recordLogout("twice", 100, 200));
        await(store.recordLogin("twice", 4000));

        assertThat(await(store.usersOnlineSince(3000))).containsExactlyInAnyOrder("open", "endsLate", "twice");
        assertThat(await(store.usersOnlineSince(5000))).containsExactlyInAnyOrder("open", "endsLate", "twice");
        assertThat(await(store.usersOnlineSince(5001))).containsExactlyInAnyOrder("open", "twice");
        assertThat(await(store.usersOnlineSince(2000)))
                .containsExactlyInAnyOrder("open", "endsLate", "endsEarly", "twice");
        assertThat(await(store.usersOnlineSince(0))).hasSize(4).doesNotHaveDuplicates();
    }

    @Test
    void everythingCommittedSurvivesARestartAndOpenSpansAreClosedAtTheLastCommit() throws Exception {
        Store store = open();
        clock.set(10_000);
        await(store.saveAccount(new AccountRecord("ann", "h1")));
        await(store.saveBlock("ann", "bob"));
        save(store, new RoomRecord(1, List.of("ann", "bob"), "ann", 9_000));
        save(store, new RoomMessageRecord(1, 1, "ann", "hi", 9_500));
        save(store, new BroadcastRecord(1, "ann", "all", 9_600));
        await(store.recordLogin("ann", 5_000));
        await(store.recordLogin("early", 20_000));
        await(store.recordLogin("gone", 1_000));
        await(store.recordLogout("gone", 1_000, 2_000));
        // Before the restart the open spans count at any time.
        assertThat(await(store.usersOnlineSince(1_000_000))).containsExactlyInAnyOrder("ann", "early");
        store.close();

        clock.set(50_000);
        Store reopened = open();
        Snapshot snapshot = reopened.load();
        assertThat(snapshot.accounts()).containsExactly(new AccountRecord("ann", "h1"));
        assertThat(snapshot.blocks()).isEqualTo(Map.of("ann", Set.of("bob")));
        assertThat(snapshot.rooms()).containsExactly(new RoomRecord(1, List.of("ann", "bob"), "ann", 9_000));
        assertThat(snapshot.lastBroadcastNumber()).isEqualTo(1);
        assertThat(snapshot.lastRoomMessageNumbers()).isEqualTo(Map.of(1L, 1L));
        // ann's span closed at the last commit (10 000); early's at its own login, which is later.
        assertThat(await(reopened.usersOnlineSince(10_000))).containsExactlyInAnyOrder("ann", "early");
        assertThat(await(reopened.usersOnlineSince(10_001))).containsExactly("early");
        assertThat(await(reopened.usersOnlineSince(20_001))).isEmpty();
        assertThat(await(reopened.usersOnlineSince(0))).containsExactlyInAnyOrder("ann", "early", "gone");
    }

    @Test
    void closeCommitsEverythingAlreadySubmitted() throws Exception {
        Store store = open();
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (long n = 1; n <= 500; n++) {
            futures.add(store.saveBroadcast("ann", "t", n));
        }
        store.close();

        assertThat(futures).allSatisfy(future -> assertThat(future).isCompleted().isNotCompletedExceptionally());
        assertThat(open().load().lastBroadcastNumber()).isEqualTo(500);
    }

    @Test
    void aClosedStoreRefusesWritesAndReads() {
        Store store = open();
        store.close();
        store.close();

        assertThat(store.saveBlock("ann", "bob")).isCompletedExceptionally();
        assertThat(store.broadcastsAfter(0)).isCompletedExceptionally();
    }

    @Test
    void messageLogsFollowCommitsAndAreRepairedOnReopen() throws Exception {
        MessageLogs logs = new MessageLogs(logDir, ZoneOffset.UTC);
        Store store = open(logs);
        save(store, new RoomRecord(1, List.of("ann", "bob"), "ann", 0));
        assertThat(logs.roomLog(1)).exists().isEmptyFile();
        for (long n = 1; n <= 3; n++) {
            save(store, new BroadcastRecord(n, "ann", "b" + n, 86_400_000L * n));
            save(store, new RoomMessageRecord(1, n, "bob", "r" + n, 86_400_000L * n));
        }
        List<String> broadcastLines = List.of("1; 2 Jan 1970 00:00:00; ann; b1", "2; 3 Jan 1970 00:00:00; ann; b2",
                "3; 4 Jan 1970 00:00:00; ann; b3");
        List<String> roomLines = List.of("1; 2 Jan 1970 00:00:00; bob; r1", "2; 3 Jan 1970 00:00:00; bob; r2",
                "3; 4 Jan 1970 00:00:00; bob; r3");
        assertThat(logs.broadcastLog()).hasContent(String.join("\n", broadcastLines));
        assertThat(Files.readAllLines(logs.roomLog(1))).isEqualTo(roomLines);
        store.close();

        // A crash between commit and append, then a torn append: lines missing, last line cut short.
        Files.writeString(logs.broadcastLog(), "1; 2 Jan 1970 00:00:00; ann; b1\n2; 3 Jan 19");
        Files.delete(logs.roomLog(1));
        open(new MessageLogs(logDir, ZoneOffset.UTC));

        assertThat(Files.readAllLines(logs.broadcastLog(), StandardCharsets.UTF_8)).isEqualTo(broadcastLines);
        assertThat(Files.readAllLines(logs.roomLog(1), StandardCharsets.UTF_8)).isEqualTo(roomLines);
    }
}
