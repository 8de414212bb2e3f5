package org.parley.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.protocol.Request;
import org.parley.protocol.Response;
import org.parley.server.ParleyServer;
import org.parley.server.ServerSettings;

/** A second server on a directory a running server holds refuses to start and changes nothing. */
class DirectoryLockComponentTest {

    @TempDir
    Path dir;

    @TempDir
    Path otherLogs;

    private TestServer first;

    @AfterEach
    void stop() throws IOException {
        if (first != null) {
            first.close();
        }
    }

    @Test
    void aSecondServerOnTheSameDirectoriesRefusesToStartAndTheFirstKeepsWorking() throws Exception {
        first = TestServer.start(dir);
        TestConnection alice = first.login("alice");
        await().atMost(TestConnection.WAIT).until(() -> Files.readString(first.file("userlog.txt")).contains("alice"));
        String userlog = Files.readString(first.file("userlog.txt"));
        long pid = ProcessHandle.current().pid();

        assertThatThrownBy(() -> ParleyServer.start(ServerSettings.forTesting(dir)))
                .isInstanceOf(IOException.class)
                .hasMessage("Error. The log directory " + dir.toAbsolutePath().normalize() + " is in use by another "
                        + "Parley server (process " + pid + "); stop it, or give this one another directory");
        ServerSettings sameData = ServerSettings.forTesting(dir)
                .withFiles(dir.resolve("credentials.txt"), dir.resolve("data"), otherLogs);
        assertThatThrownBy(() -> ParleyServer.start(sameData))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("Error. The data directory " + dir.resolve("data").toAbsolutePath().normalize()
                        + " is in use by another Parley server");

        assertThat(otherLogs.resolve("userlog.txt")).doesNotExist();
        assertThat(Files.readString(first.file("userlog.txt"))).as("not emptied").isEqualTo(userlog);
        TestConnection bob = first.login("bob");
        bob.request(new Request.SendBroadcast(bob.nextId(), "still here"), Response.BroadcastSent.class);
        assertThat(alice.awaitEvent(org.parley.protocol.Event.BroadcastReceived.class).text()).isEqualTo("still here");
    }

    @Test
    void theLockIsReleasedWhenTheServerStops() throws Exception {
        first = TestServer.start(dir);
        first.close();
        first = null;

        try (ParleyServer second = ParleyServer.start(ServerSettings.forTesting(dir))) {
            assertThat(second.port()).isPositive();
        }
    }
}
