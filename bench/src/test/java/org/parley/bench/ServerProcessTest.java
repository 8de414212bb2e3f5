package org.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.parley.bench.support.ServerProcess;

class ServerProcessTest {

    @Test
    void benchmarkedServersRunWithTheLaunchersJvmOptions() throws Exception {
        String launcher = Files.readString(Path.of("..", "parley"));
        String serverOptions = launcher.lines().filter(l -> l.trim().startsWith("jvm=(-"))
                .findFirst().orElseThrow(() -> new AssertionError("the launcher sets no server JVM options"));

        assertThat(serverOptions.trim()).isEqualTo("jvm=(" + String.join(" ", ServerProcess.LAUNCHER_JVM_OPTIONS) + ")");
        ServerProcess.LAUNCHER_ENVIRONMENT.forEach((name, value) -> assertThat(launcher)
                .contains("export " + name + "=\"${" + name + ":-" + value + "}\""));
    }
}
