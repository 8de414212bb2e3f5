package org.parley.e2e.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.parley.e2e.harness.ClientProcess;
import org.parley.e2e.harness.Java;
import org.parley.e2e.harness.ServerProcess;

/** {@code --version} of the packaged server and client, and of the {@code parley} launcher: one line, the same. */
class VersionE2ETest {

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("exit status of %s: %s", command, out).isZero();
        return out.strip();
    }

    @Test
    void serverClientAndLauncherPrintTheSameVersionLine() throws Exception {
        String server = run(Java.command(ServerProcess.jar(), List.of("--version")));
        String client = run(Java.command(ClientProcess.jar(), List.of("--version")));

        assertThat(server).matches("Parley \\d+\\.\\d+\\.\\d+\\S* \\(protocol \\d+\\)");
        assertThat(client).isEqualTo(server);
        // the launcher at the repository root runs the jars this build made
        Path launcher = Path.of("..", "parley").toAbsolutePath().normalize();
        assertThat(run(List.of(launcher.toString(), "--version"))).isEqualTo(server);
    }
}
