package org.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.protocol.Request;
import org.parley.protocol.Response;
import org.parley.server.core.TestConnection;
import org.parley.server.core.TestServer;

/**
 * The files a real server writes, on a POSIX file system with the usual umask (022): the database, its
 * directory and companions, the text logs and the lock files are owner-only, new or found wider.
 */
class OwnerOnlyFilesComponentTest {

    @TempDir
    Path dir;

    @BeforeEach
    void posixOnly() {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void everyFileTheServerCreatesIsOwnerOnly() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (TestServer server = TestServer.start(dir)) {
            TestConnection alice = server.login("alice");
            server.login("bob");
            alice.request(new Request.SendBroadcast(alice.nextId(), "hello"), Response.BroadcastSent.class);
            Response.RoomBuilt room = alice.request(new Request.BuildRoom(alice.nextId(), List.of("bob")),
                    Response.RoomBuilt.class);
            alice.request(new Request.SendRoomMessage(alice.nextId(), room.roomId(), "hi bob"),
                    Response.RoomMessageSent.class);
            await().atMost(TestConnection.WAIT).until(() -> Files.size(dir.resolve("userlog.txt")) > 0);

            assertThat(permissions(dir.resolve("data"))).isEqualTo("rwx------");
            for (String name : List.of("data/parley.db", "data/parley.db-wal", "data/.parley.lock", ".parley.lock",
                    "userlog.txt", "messagelog.txt", "SR_" + room.roomId() + "_messagelog.txt")) {
                assertThat(permissions(dir.resolve(name))).as(name).isEqualTo("rw-------");
            }
            // the log directory is the operator's (by default the working directory): left as it was
            assertThat(permissions(dir)).isEqualTo("rwxr-xr-x");
        }
    }

    @Test
    void filesAndTheDataDirectoryFoundWiderAreTightenedWithAWarning() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            TestConnection alice = server.login("alice");
            alice.request(new Request.SendBroadcast(alice.nextId(), "hello"), Response.BroadcastSent.class);
        }
        Files.setPosixFilePermissions(dir.resolve("data"), PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String name : List.of("data/parley.db", "messagelog.txt", "userlog.txt")) {
            Files.setPosixFilePermissions(dir.resolve(name), PosixFilePermissions.fromString("rw-rw-r--"));
        }

        try (LogCapture logs = new LogCapture(); TestServer server = TestServer.start(dir)) {
            assertThat(permissions(dir.resolve("data"))).isEqualTo("rwx------");
            for (String name : List.of("data/parley.db", "messagelog.txt", "userlog.txt")) {
                assertThat(permissions(dir.resolve(name))).as(name).isEqualTo("rw-------");
            }
            assertThat(logs.at(Level.WARN)).extracting(LogCapture::describe)
                    .anyMatch(line -> line.contains("parley.db was accessible to other users (rw-rw-r--)"))
                    .anyMatch(line -> line.contains("messagelog.txt was accessible to other users"))
                    .anyMatch(line -> line.contains("data was accessible to other users (rwxr-xr-x)"));
        }
    }
}
