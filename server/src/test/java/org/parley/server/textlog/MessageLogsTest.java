package org.parley.server.textlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.server.core.store.BroadcastRecord;
import org.parley.server.core.store.RoomMessageRecord;
import org.parley.server.core.store.RoomRecord;
import org.parley.server.storage.CommittedBatch;
import org.parley.server.storage.CommittedHistory;

class MessageLogsTest {

    /** 1 Jun 2022 21:39:04 in Sydney, the SPEC's example time. */
    private static final long AT = 1_654_083_544_000L;
    private static final ZoneId ZONE = ZoneId.of("Australia/Sydney");

    @TempDir
    Path dir;

    private final FakeHistory history = new FakeHistory();

    private MessageLogs logs() {
        return new MessageLogs(dir, ZONE);
    }

    @Test
    void linesHaveTheSpecFormat() throws IOException {
        MessageLogs logs = logs();
        logs.recover(history);
        logs.committed(batch(List.of(new BroadcastRecord(1, "yoda", "do or do not, there is no try", AT)), List.of(),
                List.of()));

        assertThat(Files.readString(logs.broadcastLog()))
                .isEqualTo("1; 1 Jun 2022 21:39:04; yoda; do or do not, there is no try\n");
    }

    @Test
    void controlCharactersNeverSplitARecord() throws IOException {
        MessageLogs logs = logs();
        logs.recover(history);
        logs.committed(batch(List.of(new BroadcastRecord(1, "yoda", "two\nlines\r", AT)), List.of(), List.of()));

        assertThat(Files.readAllLines(logs.broadcastLog())).containsExactly("1; 1 Jun 2022 21:39:04; yoda; two lines ");
    }

    @Test
    void aCommittedRoomGetsItsFileBeforeAnyMessageAndMessagesGoToTheirRoom() throws IOException {
        MessageLogs logs = logs();
        logs.recover(history);
        logs.committed(batch(List.of(), List.of(room(4)), List.of()));
        assertThat(logs.roomLog(4)).exists().isEmptyFile();
        assertThat(dir.resolve("SR_4_messagelog.txt")).isEqualTo(logs.roomLog(4));

        logs.committed(batch(List.of(), List.of(room(5)), List.of(
                new RoomMessageRecord(4, 1, "ann", "a", AT), new RoomMessageRecord(5, 1, "bob", "b", AT),
                new RoomMessageRecord(4, 2, "cid", "c", AT))));

        assertThat(Files.readAllLines(logs.roomLog(4))).containsExactly(
                "1; 1 Jun 2022 21:39:04; ann; a", "2; 1 Jun 2022 21:39:04; cid; c");
        assertThat(Files.readAllLines(logs.roomLog(5))).containsExactly("1; 1 Jun 2022 21:39:04; bob; b");
        assertThat(logs.broadcastLog()).isEmptyFile();
    }

    @Test
    void recoveryCreatesMissingFilesFromTheDatabase() throws IOException {
        history.broadcast(1, "yoda", "hello");
        history.room(2);
        history.roomMessage(2, 1, "ann", "hi");

        logs().recover(history);

        assertThat(Files.readAllLines(dir.resolve("messagelog.txt"))).containsExactly("1; 1 Jun 2022 21:39:04; yoda; hello");
        assertThat(Files.readAllLines(dir.resolve("SR_2_messagelog.txt"))).containsExactly("1; 1 Jun 2022 21:39:04; ann; hi");
        assertThat(backups()).isEmpty();
    }

    @Test
    void recoveryAppendsLinesLostInACrashAndCompletesATornLastLine() throws IOException {
        history.broadcast(1, "yoda", "one");
        history.broadcast(2, "yoda", "two");
        history.broadcast(3, "yoda", "three");
        Files.writeString(dir.resolve("messagelog.txt"), "1; 1 Jun 2022 21:39:04; yoda; one\n2; 1 Jun 20");

        logs().recover(history);

        assertThat(Files.readAllLines(dir.resolve("messagelog.txt"))).containsExactly(
                "1; 1 Jun 2022 21:39:04; yoda; one", "2; 1 Jun 2022 21:39:04; yoda; two",
                "3; 1 Jun 2022 21:39:04; yoda; three");
        assertThat(backups()).isEmpty();
    }

    @Test
    void recoveryLeavesAFileThatAgreesUntouched() throws IOException {
        history.broadcast(1, "yoda", "one");
        MessageLogs logs = logs();
        logs.recover(history);
        Files.setLastModifiedTime(logs.broadcastLog(), java.nio.file.attribute.FileTime.fromMillis(0));

        logs.recover(history);

        assertThat(Files.getLastModifiedTime(logs.broadcastLog()).toMillis()).isZero();
        assertThat(Files.readAllLines(logs.broadcastLog())).containsExactly("1; 1 Jun 2022 21:39:04; yoda; one");
        assertThat(Files.exists(dir.resolve("messagelog.txt.tmp"))).isFalse();
    }

    @Test
    void recoveryRewritesACorruptOrLongerFileAndKeepsTheOldOneAside() throws IOException {
        history.broadcast(1, "yoda", "one");
        history.room(1);
        history.roomMessage(1, 1, "ann", "hi");
        Files.writeString(dir.resolve("messagelog.txt"), "1; 1 Jun 2022 21:39:04; yoda; onX\n");
        Files.writeString(dir.resolve("SR_1_messagelog.txt"),
                "1; 1 Jun 2022 21:39:04; ann; hi\n2; 1 Jun 2022 21:39:04; ann; never committed\n");

        logs().recover(history);

        assertThat(Files.readAllLines(dir.resolve("messagelog.txt"))).containsExactly("1; 1 Jun 2022 21:39:04; yoda; one");
        assertThat(Files.readAllLines(dir.resolve("SR_1_messagelog.txt"))).containsExactly("1; 1 Jun 2022 21:39:04; ann; hi");
        assertThat(backups()).hasSize(2);
    }

    @Test
    void recoverySetsAsideRoomLogsOfRoomsTheDatabaseDoesNotHave() throws IOException {
        history.room(1);
        Files.writeString(dir.resolve("SR_9_messagelog.txt"), "1; 1 Jun 2022 21:39:04; old; stale\n");
        Files.writeString(dir.resolve("SR_01_messagelog.txt"), "not room 1\n");

        logs().recover(history);

        assertThat(dir.resolve("SR_9_messagelog.txt")).doesNotExist();
        assertThat(dir.resolve("SR_01_messagelog.txt")).doesNotExist();
        assertThat(dir.resolve("SR_1_messagelog.txt")).isEmptyFile();
        assertThat(backups()).hasSize(2);
    }

    private List<Path> backups() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().contains(".bak-")).toList();
        }
    }

    private static RoomRecord room(long id) {
        return new RoomRecord(id, List.of("ann", "bob"), "ann", AT);
    }

    private static CommittedBatch batch(List<BroadcastRecord> broadcasts, List<RoomRecord> rooms,
            List<RoomMessageRecord> messages) {
        return new CommittedBatch(broadcasts.size() + rooms.size() + messages.size(), broadcasts, rooms, messages);
    }

    /** A database in memory, enough for the text logs to rebuild themselves from. */
    @Test
    void aFileWhoseAppendFailedIsRebuiltFromTheDatabaseOnceItCanBeWrittenAgain() throws IOException {
        MessageLogs logs = logs();
        logs.recover(history);
        history.broadcast(1, "yoda", "one");
        logs.committed(batch(List.of(new BroadcastRecord(1, "yoda", "one", AT)), List.of(), List.of()));

        // The append of broadcast 2 fails (here: the log cannot be opened).
        Files.delete(logs.broadcastLog());
        Files.createDirectories(logs.broadcastLog().resolve("blocked"));
        history.broadcast(2, "yoda", "two");
        logs.committed(batch(List.of(new BroadcastRecord(2, "yoda", "two", AT)), List.of(), List.of()));

        // What a full disk leaves: line 2 lost, and a torn line.
        Files.delete(logs.broadcastLog().resolve("blocked"));
        Files.delete(logs.broadcastLog());
        Files.writeString(logs.broadcastLog(), "1; 1 Jun 2022 21:39:04; yoda; one\n2; 1 Jun");
        history.broadcast(3, "yoda", "three");
        logs.committed(batch(List.of(new BroadcastRecord(3, "yoda", "three", AT)), List.of(), List.of()));

        assertThat(Files.readAllLines(logs.broadcastLog())).containsExactly("1; 1 Jun 2022 21:39:04; yoda; one",
                "2; 1 Jun 2022 21:39:04; yoda; two", "3; 1 Jun 2022 21:39:04; yoda; three");
        history.broadcast(4, "yoda", "four");
        logs.committed(batch(List.of(new BroadcastRecord(4, "yoda", "four", AT)), List.of(), List.of()));
        assertThat(Files.readAllLines(logs.broadcastLog())).hasSize(4).last().isEqualTo("4; 1 Jun 2022 21:39:04; yoda; four");
    }

    @Test
    void aRoomLogThatCouldNotBeCreatedIsRebuiltWithTheMessagesCommittedMeanwhile() throws IOException {
        AtomicLong nanos = new AtomicLong();
        MessageLogs logs = new MessageLogs(dir, ZONE, nanos::get);
        logs.recover(history);
        Files.createDirectories(logs.roomLog(12).resolve("blocked"));
        history.room(12);
        logs.committed(batch(List.of(), List.of(room(12)), List.of()));
        history.roomMessage(12, 1, "leia", "hi");
        logs.committed(batch(List.of(), List.of(), List.of(new RoomMessageRecord(12, 1, "leia", "hi", AT))));

        Files.delete(logs.roomLog(12).resolve("blocked"));
        Files.delete(logs.roomLog(12));
        history.roomMessage(12, 2, "han", "ho");
        logs.committed(batch(List.of(), List.of(), List.of(new RoomMessageRecord(12, 2, "han", "ho", AT))));
        // A rebuild failed less than a second ago (at message 1): not tried again yet.
        assertThat(logs.roomLog(12)).doesNotExist();

        nanos.addAndGet(1_000_000_000L);
        history.roomMessage(12, 3, "leia", "bye");
        logs.committed(batch(List.of(), List.of(), List.of(new RoomMessageRecord(12, 3, "leia", "bye", AT))));
        assertThat(Files.readAllLines(logs.roomLog(12))).containsExactly("1; 1 Jun 2022 21:39:04; leia; hi",
                "2; 1 Jun 2022 21:39:04; han; ho", "3; 1 Jun 2022 21:39:04; leia; bye");
    }

    private static final class FakeHistory implements CommittedHistory {
        private final List<BroadcastRecord> broadcasts = new ArrayList<>();
        private final TreeMap<Long, List<RoomMessageRecord>> rooms = new TreeMap<>();

        void broadcast(long number, String from, String text) {
            broadcasts.add(new BroadcastRecord(number, from, text, AT));
        }

        void room(long id) {
            rooms.put(id, new ArrayList<>());
        }

        void roomMessage(long roomId, long number, String from, String text) {
            rooms.get(roomId).add(new RoomMessageRecord(roomId, number, from, text, AT));
        }

        @Override
        public List<Long> roomIds() {
            return List.copyOf(rooms.keySet());
        }

        @Override
        public void forEachBroadcast(Consumer<BroadcastRecord> action) {
            broadcasts.forEach(action);
        }

        @Override
        public void forEachRoomMessage(long roomId, Consumer<RoomMessageRecord> action) {
            rooms.get(roomId).forEach(action);
        }
    }
}
