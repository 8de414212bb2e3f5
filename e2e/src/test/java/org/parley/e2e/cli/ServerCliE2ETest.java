package org.parley.e2e.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.e2e.harness.ClientProcess;
import org.parley.e2e.harness.ServerProcess;

/** SPEC 1.1 positional forms and 2.5 idle timeout, through the packaged server. */
class ServerCliE2ETest {

    @TempDir
    Path dir;

    @Test
    void anAttemptCountOutsideOneToFiveIsRefusedWithTheReferenceLine() throws IOException {
        ServerProcess.writeCredentials(dir, "yoda jedi");
        List<String> args = new ArrayList<>(ServerProcess.options(dir));
        args.addAll(List.of("0", "7"));
        ServerProcess server = ServerProcess.launch(dir, args);

        assertThat(server.awaitExit(Duration.ofSeconds(30))).isNotZero();
        assertThat(server.err().entries()).contains("Invalid number of allowed failed consecutive attempt: 7. "
                + "The valid value of argument number is an integer between 1 and 5");
        assertThat(server.err().entries()).noneMatch(line -> line.contains("Exception"));
    }

    @Test
    void anIdleClientIsLoggedOutAfterTheTimeout() throws IOException {
        ServerProcess.writeCredentials(dir, "yoda jedi", "hans solo");
        try (ServerProcess server = ServerProcess.start(dir, "0", "10", "2");
             ClientProcess yoda = ClientProcess.login(dir, server.port(), "yoda", "jedi")) {
            yoda.awaitLine("Timeout. You have been logged out due to inactivity", Duration.ofSeconds(30));
            assertThat(yoda.awaitExit()).isZero();
        }
    }

    @Test
    void aSecondServerOnTheSameDirectoryExitsOneSayingWhichDirectoryIsInUse() throws IOException {
        ServerProcess.writeCredentials(dir, "yoda jedi", "hans solo");
        try (ServerProcess first = ServerProcess.start(dir, "0");
             ClientProcess yoda = ClientProcess.login(dir, first.port(), "yoda", "jedi")) {
            List<String> args = new ArrayList<>(ServerProcess.options(dir));
            args.add("0");
            ServerProcess second = ServerProcess.launch(dir, args);

            assertThat(second.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
            assertThat(second.err().entries()).anyMatch(line -> line.startsWith("Error. The log directory ")
                    && line.contains(" is in use by another Parley server (process " + first.pid() + ")"));
            assertThat(second.err().entries()).noneMatch(line -> line.contains("Exception"));
            assertThat(java.nio.file.Files.readString(dir.resolve("userlog.txt"))).as("not emptied").contains("yoda");
            try (ClientProcess hans = ClientProcess.login(dir, first.port(), "hans", "solo")) {
                hans.type("whoelse");
                hans.awaitLine(line -> line.contains("yoda"), "yoda in the list", Duration.ofSeconds(10));
            }
        }
    }
}
