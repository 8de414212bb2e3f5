package org.parley.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.parley.server.textlog.MessageLogs;

/** The behaviour every {@link Store} backend must have; subclasses supply the database. */
abstract class StoreContractTest {

    @TempDir
    Path logDir;

    private final List<Store> opened = new ArrayList<>();
    final AtomicLong clock = new AtomicLong(1_000_000);

    /** The same database for every call within one test. */
    abstract StorageConfig config();

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

    static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(20, TimeUnit.SECONDS);
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
        await(store.saveBroadcast(b1));
        await(store.saveBroadcast(b2));
        await(store.saveBroadcast(b3));

        assertThat(await(store.broadcastsAfter(1000))).containsExactly(b2, b3);
        assertThat(await(store.broadcastsAfter(0))).containsExactly(b1, b2, b3);
        assertThat(await(store.broadcastsAfter(3000))).isEmpty();
        assertThat(store.load().lastBroadcastNumber()).isEqualTo(3);
    }

    @Test
    void roomsKeepTheirMemberOrderAndMessagesAreReadByRoomThenNumber() throws Exception {
        Store store = open();
        RoomRecord room1 = new RoomRecord(1, List.of("cid", "ann", "bob"), "cid", 500);
        RoomRecord room2 = new RoomRecord(2, List.of("bob", "ann"), "bob", 600);
        RoomRecord room3 = new RoomRecord(3, List.of("ann", "dan"), "ann", 700);
        await(store.saveRoom(room1));
        await(store.saveRoom(room2));
        await(store.saveRoom(room3));
        RoomMessageRecord m21 = new RoomMessageRecord(2, 1, "bob", "first in 2", 1000);
        RoomMessageRecord m11 = new RoomMessageRecord(1, 1, "ann", "first in 1", 1100);
        RoomMessageRecord m12 = new RoomMessageRecord(1, 2, "cid", "second in 1", 1200);
        RoomMessageRecord m31 = new RoomMessageRecord(3, 1, "dan", "not asked for", 1300);
        for (RoomMessageRecord message : List.of(m21, m11, m12, m31)) {
            await(store.saveRoomMessage(message));
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
        await(store.saveRoom(new RoomRecord(7, List.of("ann", "bob"), "ann", 1)));
        assertThat(store.load().lastRoomMessageNumbers()).isEqualTo(Map.of(7L, 0L));
    }

    @Test
    void aFailedWriteFailsItsFutureWithTheCause() throws Exception {
        Store store = open();
        await(store.saveBroadcast(new BroadcastRecord(1, "ann", "first", 1)));

        assertThatThrownBy(() -> await(store.saveBroadcast(new BroadcastRecord(1, "bob", "duplicate", 2))))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(java.sql.SQLException.class);
        assertThatThrownBy(() -> await(store.saveRoomMessage(new RoomMessageRecord(99, 1, "ann", "no room", 3))))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(java.sql.SQLException.class);
        assertThat(await(store.broadcastsAfter(0))).extracting(BroadcastRecord::text).containsExactly("first");
    }

    @Test
    void aBadWriteInAGroupFailsAloneAndTheRestOfTheGroupCommits() throws Exception {
        RecordingListener listener = new RecordingListener();
        Store store = open(listener);
        listener.holdWriter();
        CompletableFuture<Void> opener = store.saveAccount(new AccountRecord("ann", "h"));
        listener.awaitWriterHeld();
        CompletableFuture<Void> one = store.saveBroadcast(new BroadcastRecord(1, "ann", "one", 1));
        CompletableFuture<Void> duplicate = store.saveBroadcast(new BroadcastRecord(1, "ann", "dup", 2));
        CompletableFuture<Void> two = store.saveBroadcast(new BroadcastRecord(2, "ann", "two", 3));
        listener.releaseWriter();

        await(opener);
        await(one);
        await(two);
        assertThatThrownBy(() -> await(duplicate)).hasCauseInstanceOf(java.sql.SQLException.class);
        assertThat(await(store.broadcastsAfter(0))).extracting(BroadcastRecord::text).containsExactly("one", "two");
        assertThat(listener.broadcasts()).extracting(BroadcastRecord::text).containsExactly("one", "two");
    }

    @Test
    void futuresCompleteInSubmissionOrder() throws Exception {
        Store store = open();
        List<Integer> completed = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<?>> futures = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int index = i;
            CompletableFuture<?> future = switch (i % 4) {
                case 0 -> store.saveBroadcast(new BroadcastRecord(i / 4 + 1, "ann", "b" + i, i));
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
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (long n = 1; n <= 200; n++) {
            futures.add(store.saveBroadcast(new BroadcastRecord(n, "ann", "text " + n, n)));
        }
        await(CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)));

        List<Long> expected = LongStream.rangeClosed(1, 200).boxed().toList();
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
        await(store.saveRoom(new RoomRecord(1, List.of("ann", "bob"), "ann", 9_000)));
        await(store.saveRoomMessage(new RoomMessageRecord(1, 1, "ann", "hi", 9_500)));
        await(store.saveBroadcast(new BroadcastRecord(1, "ann", "all", 9_600)));
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
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (long n = 1; n <= 500; n++) {
            futures.add(store.saveBroadcast(new BroadcastRecord(n, "ann", "t", n)));
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
        await(store.saveRoom(new RoomRecord(1, List.of("ann", "bob"), "ann", 0)));
        assertThat(logs.roomLog(1)).exists().isEmptyFile();
        for (long n = 1; n <= 3; n++) {
            await(store.saveBroadcast(new BroadcastRecord(n, "ann", "b" + n, 86_400_000L * n)));
            await(store.saveRoomMessage(new RoomMessageRecord(1, n, "bob", "r" + n, 86_400_000L * n)));
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
