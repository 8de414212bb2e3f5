package org.parley.e2e.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.e2e.harness.ClientProcess;
import org.parley.e2e.harness.ServerProcess;

/** The packaged client's exit status when a scripted session never starts (README, client exit statuses). */
class ClientExitStatusE2ETest {

    private static final int NOT_LOGGED_IN = 3;

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
}
