package org.parley.e2e.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.e2e.harness.ClientProcess;
import org.parley.e2e.harness.ServerProcess;

/** The packaged client's exit status when a scripted session never starts (README, client exit statuses). */
class ClientExitStatusE2ETest {

    private static final int NOT_LOGGED_IN = 3;
    private static final int REFUSED_OR_LOST = 1;

    @TempDir
    Path dir;

    @Test
    void inputEndingAtThePasswordPromptExitsThreeWithAnErrorLine() throws IOException {
        ServerProcess.writeCredentials(dir, "yoda jedi");
        try (ServerProcess server = ServerProcess.start(dir, "0");
             ClientProcess yoda = ClientProcess.start(dir, "yoda-eof", server.port())) {
            yoda.expect(ClientProcess.USERNAME).type("yoda").expect(ClientProcess.PASSWORD);
            yoda.endInput();

            assertThat(yoda.awaitExit()).isEqualTo(NOT_LOGGED_IN);
            assertThat(yoda.err().entries()).contains("Error. Input ended before the login succeeded");
        }
    }

    @Test
    void aServerThatIsNotThereGetsOneErrorLineAndNothingFromTheLoggingLibrary() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (ClientProcess nobody = ClientProcess.start(dir, "nobody", port)) {
            assertThat(nobody.awaitExit()).isEqualTo(REFUSED_OR_LOST);
            // The connecting thread logs while the main thread starts: SLF4J then printed three lines about
            // "logging calls during the initialization phase" being replayed, before the error a user needs.
            assertThat(nobody.err().entries()).containsExactly("Error. Cannot connect to the server at 127.0.0.1:" + port);
        }
    }
}
