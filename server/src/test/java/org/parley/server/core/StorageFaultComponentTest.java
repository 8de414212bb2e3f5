package org.parley.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Event;
import org.parley.protocol.Request;
import org.parley.protocol.Response;

/**
 * A storage fault while users are busy: every request the store could not keep is answered
 * {@code INTERNAL} and leaves no trace (not stored, not fanned out, not in the text logs, no number
 * used up), every request answered "done" is kept, and once the cause is gone writes succeed again,
 * numbered right after the last kept ones, without a restart.
 *
 * <p>Two faults: inserts refused inside SQLite by triggers that end the transaction the way SQLite
 * itself does on {@code SQLITE_FULL} (runs everywhere), and a real full disk: the whole server on a
 * 2 MB tmpfs that is filled and then freed (needs root with the right to mount, as in CI; skipped
 * otherwise).
 */
class StorageFaultComponentTest {

    private static final List<String> WRITTEN_TABLES = List.of("broadcasts", "rooms", "room_messages", "direct_messages");

    @TempDir
    Path dir;

    private TestServer server;
    private Path mounted;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (mounted != null) {
            run("umount", mounted.toString());
        }
    }

    @Test
    void writesRefusedInsideTheDatabaseLeaveNoTraceAndTheServerRecoversWithoutARestart() throws Exception {
        server = TestServer.start(dir);
        Path database = server.file("data/parley.db");
        scenario(new Fault() {
            @Override
            public void begin() throws SQLException {
                for (String table : WRITTEN_TABLES) {
                    sqlite(database, "CREATE TRIGGER fault_" + table + " BEFORE INSERT ON " + table
                            + " BEGIN SELECT RAISE(ROLLBACK, 'injected fault: database or disk is full'); END");
                }
            }

            @Override
            public void end() throws SQLException {
                for (String table : WRITTEN_TABLES) {
                    sqlite(database, "DROP TRIGGER fault_" + table);
                }
            }
        }, true);
    }

    @Test
    void aFullDiskRefusesWritesWithoutATraceAndTheServerRecoversOnceSpaceIsFreed() throws Exception {
        Path mount = Files.createDirectories(dir.resolve("tmpfs"));
        assumeThat(System.getProperty("user.name")).as("needs root to mount a tmpfs; skipped").isEqualTo("root");
        assumeThat(run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount.toString()))
                .as("mount -t tmpfs failed (no right to mount here); skipped").isZero();
        mounted = mount;
        server = TestServer.start(mount);
        Path filler = mount.resolve("filler");
        scenario(new Fault() {
            @Override
            public void begin() throws IOException {
                try (OutputStream out = Files.newOutputStream(filler)) {
                    byte[] block = new byte[4096];
                    while (true) {
                        out.write(block);
                    }
                } catch (IOException full) {
                    assertThat(full).hasMessageContaining("No space left");
                }
            }

            @Override
            public void end() throws IOException {
                Files.delete(filler);
            }
        }, false);
    }

    private interface Fault {
        void begin() throws Exception;

        void end() throws Exception;
    }

    /**
     * @param refusesAll the fault refuses every write (the injected one); a real full disk may still
     *     take a small write, so then each request is checked to be either kept or refused, never both
     */
    private void scenario(Fault fault, boolean refusesAll) throws Exception {
        TestConnection alice = server.login("alice");
        TestConnection bob = server.login("bob");
        TestConnection carol = server.login("carol");
        long room = alice.request(new Request.BuildRoom(alice.nextId(), List.of("bob")), Response.RoomBuilt.class).roomId();
        assertThat(bob.awaitEvent(Event.RoomJoined.class).roomId()).isEqualTo(room);
        List<String> keptBroadcasts = new ArrayList<>(List.of(broadcast(alice, "before")));
        List<String> keptRoomMessages = new ArrayList<>(List.of(roomMessage(alice, room, "before")));
        List<String> keptStored = new ArrayList<>(List.of(direct(alice, "dave", "before")));

        fault.begin();
        String big = "x".repeat(3000);
        int refused = 0;
        for (int i = 0; i < 3; i++) {
            String text = "during " + i + " " + big;
            refused += keepOrRefuse(alice, new Request.SendBroadcast(alice.nextId(), text), text, keptBroadcasts);
            refused += keepOrRefuse(alice, new Request.SendRoomMessage(alice.nextId(), room, text), text, keptRoomMessages);
            refused += keepOrRefuse(alice, new Request.SendMessage(alice.nextId(), "dave", text), text, keptStored);
        }
        // Two builds of the same room at once: the second waits for the first and shares its fate.
        Request.BuildRoom build = new Request.BuildRoom(alice.nextId(), List.of("carol"));
        Request.BuildRoom sameBuild = new Request.BuildRoom(alice.nextId(), List.of("carol"));
        alice.send(build);
        alice.send(sameBuild);
        Response builtDuring = alice.awaitResponse(build.id());
        Response sameBuiltDuring = alice.awaitResponse(sameBuild.id());
        Response liveDuring = alice.request(new Request.SendMessage(alice.nextId(), "bob", "live during" + big));
        if (refusesAll) {
            assertThat(refused).isEqualTo(9);
            assertThat(builtDuring).isInstanceOf(Response.Error.class);
            assertThat(sameBuiltDuring).isInstanceOf(Response.Error.class);
            assertThat(liveDuring).isInstanceOf(Response.Error.class);
        }
        assertThat(refused).as("the fault refused writes").isPositive();
        for (Response r : List.of(builtDuring, sameBuiltDuring, liveDuring)) {
            if (r instanceof Response.Error error) {
                assertThat(error.code()).isEqualTo(ErrorCode.INTERNAL);
            }
        }
        fault.end();

        // No restart: writes succeed again, numbered right after the last kept ones.
        keptBroadcasts.add(broadcast(alice, "after"));
        keptRoomMessages.add(roomMessage(alice, room, "after"));
        keptStored.add(direct(alice, "dave", "after"));
        Request.BuildRoom buildAfter = new Request.BuildRoom(alice.nextId(), List.of("carol"));
        Request.BuildRoom sameBuildAfter = new Request.BuildRoom(alice.nextId(), List.of("carol"));
        alice.send(buildAfter);
        alice.send(sameBuildAfter);
        Response.RoomBuilt built = (Response.RoomBuilt) alice.awaitResponse(buildAfter.id());
        Response.RoomBuilt sameBuilt = (Response.RoomBuilt) alice.awaitResponse(sameBuildAfter.id());
        long expectedRoom = builtDuring instanceof Response.RoomBuilt during ? during.roomId() : room + 1;
        assertThat(built.roomId()).isEqualTo(expectedRoom);
        assertThat(sameBuilt.roomId()).isEqualTo(expectedRoom);
        assertThat(sameBuilt.existed()).isTrue();

        // What bob and carol saw live is exactly what was kept, in number order.
        bob.sync();
        assertThat(bob.keptOf(Event.BroadcastReceived.class)).extracting(Event.BroadcastReceived::text)
                .isEqualTo(keptBroadcasts);
        assertThat(bob.keptOf(Event.BroadcastReceived.class)).extracting(Event.BroadcastReceived::number)
                .isEqualTo(numbers(keptBroadcasts.size()));
        assertThat(bob.keptOf(Event.RoomMessageReceived.class)).extracting(Event.RoomMessageReceived::text)
                .isEqualTo(keptRoomMessages);
        assertThat(bob.keptOf(Event.RoomMessageReceived.class)).extracting(Event.RoomMessageReceived::number)
                .isEqualTo(numbers(keptRoomMessages.size()));
        assertThat(bob.keptOf(Event.MessageReceived.class)).hasSize(liveDuring instanceof Response.Error ? 0 : 1);
        carol.sync();
        assertThat(carol.keptOf(Event.RoomJoined.class)).extracting(Event.RoomJoined::roomId).containsExactly(expectedRoom);

        // The text logs hold the kept messages only, numbered 1..n.
        assertThat(withoutTimes(server.file("messagelog.txt"))).isEqualTo(logLines(keptBroadcasts));
        assertThat(withoutTimes(server.file("SR_" + room + "_messagelog.txt"))).isEqualTo(logLines(keptRoomMessages));
        assertThat(server.file("SR_" + expectedRoom + "_messagelog.txt")).isEmptyFile();
        assertThat(server.file("SR_" + (expectedRoom + 1) + "_messagelog.txt")).doesNotExist();

        // The offline user gets what was kept for him, and nothing that was refused.
        TestConnection dave = server.login("dave");
        // Stored messages are sent in one go once the login's read of them completes.
        await().atMost(TestConnection.WAIT).until(() -> !dave.keptOf(Event.MessageReceived.class).isEmpty());
        assertThat(dave.keptOf(Event.MessageReceived.class)).extracting(Event.MessageReceived::text)
                .isEqualTo(keptStored);
    }

    /** Sends the request; adds its text to {@code kept} if it was acknowledged; returns 1 if it was refused. */
    private static int keepOrRefuse(TestConnection c, Request request, String text, List<String> kept)
            throws IOException {
        Response r = c.request(request);
        if (r instanceof Response.Error error) {
            assertThat(error.code()).as("answer to %s", request).isEqualTo(ErrorCode.INTERNAL);
            return 1;
        }
        kept.add(text);
        return 0;
    }

    private static String broadcast(TestConnection c, String text) throws IOException {
        c.request(new Request.SendBroadcast(c.nextId(), text), Response.BroadcastSent.class);
        return text;
    }

    private static String roomMessage(TestConnection c, long room, String text) throws IOException {
        c.request(new Request.SendRoomMessage(c.nextId(), room, text), Response.RoomMessageSent.class);
        return text;
    }

    private static String direct(TestConnection c, String to, String text) throws IOException {
        c.request(new Request.SendMessage(c.nextId(), to, text), Response.MessageSent.class);
        return text;
    }

    /** 1..count. */
    private static List<Long> numbers(long count) {
        List<Long> numbers = new ArrayList<>();
        for (long n = 1; n <= count; n++) {
            numbers.add(n);
        }
        return numbers;
    }

    /** A log's lines ("number; time; sender; text") with the time left out. */
    private static List<String> withoutTimes(Path log) throws IOException {
        return Files.readAllLines(log).stream().map(line -> line.replaceFirst("^(\\d+); [^;]*; ", "$1; ; ")).toList();
    }

    private static List<String> logLines(List<String> texts) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            lines.add((i + 1) + "; ; alice; " + texts.get(i));
        }
        return lines;
    }

    private static void sqlite(Path database, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 10000");
            statement.execute(sql);
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().transferTo(OutputStream.nullOutputStream());
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
