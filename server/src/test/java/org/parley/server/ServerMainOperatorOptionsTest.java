package org.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code --metrics-port}, {@code --metrics-bind} and {@code --shutdown-timeout} on the command line. */
class ServerMainOperatorOptionsTest {

    private static ServerMainRun run(String... args) {
        return ServerMainRun.of(args);
    }

    private static ServerSettings settings(Path dir, String... args) throws Exception {
        ServerMain main = new ServerMain();
        CommandLine cmd = new CommandLine(main);
        cmd.setDefaultValueProvider(new EnvironmentDefaults(Map.of(), dir));
        cmd.parseArgs(args);
        return main.settings();
    }

    @Test
    void theOperatorPortIsOffByDefaultAndOnLoopbackWhenGivenAPort(@TempDir Path dir) throws Exception {
        ServerSettings defaults = settings(dir);
        assertThat(defaults.metricsBind()).isNull();
        assertThat(defaults.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));

        ServerSettings on = settings(dir, "--metrics-port", "9090", "--shutdown-timeout", "5");
        assertThat(on.metricsBind()).isEqualTo(new InetSocketAddress("127.0.0.1", 9090));
        assertThat(on.shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings(dir, "--metrics-port", "9090", "--metrics-bind", "0.0.0.0").metricsBind())
                .isEqualTo(new InetSocketAddress("0.0.0.0", 9090));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--metrics-port=70000", "--metrics-port=-1", "--shutdown-timeout=0",
            "--metrics-bind=no.such.host.invalid"})
    void badOperatorOptionsAreRefusedInOneLine(String option) {
        ServerMainRun r = option.startsWith("--metrics-bind") ? run("--metrics-port", "9090", option) : run(option);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("Error. ").contains(option.substring(0, option.indexOf('=')))
                .doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void anOperatorPortInUseIsNamedAsTheOperatorPort(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("credentials.txt"), "");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ServerMainRun r = run("--bind", "127.0.0.1", "--port", "0", "--web-port", "0",
                    "--metrics-port", String.valueOf(taken.getLocalPort()),
                    "--hash-cost", "testing", "--data-dir", dir.resolve("data").toString(), "--log-dir", dir.toString(),
                    "--credentials", dir.resolve("credentials.txt").toString());
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort() + " for the operator port")
                    .contains("--metrics-port 0").doesNotContain("\tat ");
        }
    }
}
