package org.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.parley.client.api.ParleyClient;
import org.parley.client.testing.FeedableInput;
import org.parley.client.testing.TestServer;
import org.parley.client.testing.TestServers;
import org.parley.protocol.ActiveUser;

class ClientMainTest {

    @RegisterExtension
    static final TestServers SERVERS = new TestServers();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Every run keeps its known servers under the test's directory, never in the user's home. */
    private int run(Map<String, String> env, String input, String... args) {
        args = concat(new String[] {"--known-servers", dir.resolve("known_servers").toString()}, args);
        InputStream in = new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8));
        return ClientMain.run(args, env, in, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = java.util.Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }

    private int run(String... args) {
        return run(Map.of(), "", args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "abc|Error. Invalid server port: abc (a number from 1 to 65535)",
            "0|Error. Invalid server port: 0 (a number from 1 to 65535)",
            "70000|Error. Invalid server port: 70000 (a number from 1 to 65535)",
            "127.0.0.1 -5|Error. Invalid server port: -5 (a number from 1 to 65535)",
            "127.0.0.1 12000 udp|Error. Invalid client UDP port: udp (a number from 1 to 65535)",
            "127.0.0.1 12000 0|Error. Invalid client UDP port: 0 (a number from 1 to 65535)",
            "a 1 2 3|",
            "--private-port 99999|Error. Invalid private port: 99999 (a number from 0 to 65535)",
            "--datagram-size 10|Error. Invalid datagram size: 10 (a number from 64 to 65507)",
            "--datagram-size 70000|Error. Invalid datagram size: 70000 (a number from 64 to 65507)",
            "--user bad\tname|Error. Invalid user name: bad\tname",
            "--no-such-option|Unknown option: '--no-such-option'",
            "--password-file /no/such/file|Error. Cannot read the password file: /no/such/file",
            "--download-dir /no/such/dir|Error. Download directory does not exist: /no/such/dir",
            "--reconnect-for soon|Error. Invalid reconnect duration: 'soon' (a number with s, m or h, e.g. 90s)",
            "--reconnect-for 9999h|Error. Invalid reconnect duration: '9999h' (at most a week)",
            "--server-fingerprint abc|Error. Invalid --server-fingerprint: 'abc' is not a SHA-256 fingerprint",
            "--no-tls --server-fingerprint SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU|Error. --no-tls cannot be combined",
            "--tls-ca /no/such/ca.pem|Error. Cannot read the CA file: /no/such/ca.pem",
            "--server a:0|Error. Invalid server: 'a:0': invalid server port in 'a:0': 0 (a number from 1 to 65535)",
            "--server a,,b|Error. Invalid server: 'a,,b': invalid server list: 'a,,b' (an empty entry)",
            "--server a 12000|Error. Give the servers either with --server or as SERVER_IP SERVER_PORT, not both",
            "--udp-port 5 127.0.0.1 12000 6|Error. The UDP port is given twice",
            "--udp-port 70000|Error. Invalid client UDP port: 70000 (a number from 0 to 65535)",
    })
    void badArgumentsAreUsageErrorsWithoutAStackTrace(String args, String message) {
        assertThat(run(args.split(" "))).isEqualTo(2);
        assertThat(err()).contains(message == null ? "" : message)
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(out()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"90s|PT1M30S", "90|PT1M30S", "10m|PT10M", "10 min|PT10M", "1h|PT1H", "0s|PT0S"})
    void theTimeForReconnectingIsReadWithItsUnit(String value, String expected) {
        ClientArguments arguments = new ClientArguments();
        new picocli.CommandLine(arguments).parseArgs("--reconnect-for", value);
        ClientConfig config = arguments.toConfig(java.util.Map.of(), false);
        assertThat(config.reconnect().enabled()).isTrue();
        assertThat(config.reconnect().giveUpAfter()).isEqualTo(java.time.Duration.parse(expected));
    }

    private static ClientConfig config(String... args) {
        ClientArguments arguments = new ClientArguments();
        new picocli.CommandLine(arguments).parseArgs(args);
        return arguments.toConfig(java.util.Map.of(), false);
    }

    private static java.util.List<String> servers(String... args) {
        return config(args).servers().stream().map(Object::toString).toList();
    }

    @Test
    void serversComeRepeatedOrAsACommaListAndThePositionalFormStillWorks() {
        assertThat(servers()).containsExactly("127.0.0.1:12000");
        assertThat(servers("4000")).containsExactly("127.0.0.1:4000");
        assertThat(servers("chat.example.org", "4000", "6789")).containsExactly("chat.example.org:4000");
        assertThat(config("chat.example.org", "4000", "6789").udpPort()).isEqualTo(6789);
        assertThat(servers("a,b:5", "4000")).containsExactly("a:4000", "b:5");
        assertThat(servers("--server", "a:1,b", "-s", "[::1]:3", "--server", "a:1"))
                .containsExactly("a:1", "b:12000", "[::1]:3");
        assertThat(config("--server", "a", "--udp-port", "6789").udpPort()).isEqualTo(6789);
    }

    @Test
    void oneFingerprintPerNodeMayBePinned() {
        String a = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU";
        String b = "SHA256:LCa0a2j/xo/5m0U8HTBBNBNCLXBkg7+g+YpeiGJm564";
        assertThat(config("--server-fingerprint", a, "--server-fingerprint", b).tls().pins())
                .extracting(Object::toString).containsExactly(a, b);
        assertThat(config().tls().pins()).isEmpty();
    }

    @Test
    void reconnectingIsOnUnlessTurnedOff() {
        ClientArguments defaults = new ClientArguments();
        new picocli.CommandLine(defaults).parseArgs();
        assertThat(defaults.toConfig(java.util.Map.of(), false).reconnect())
                .isEqualTo(org.parley.client.session.ReconnectPolicy.defaults());
        ClientArguments off = new ClientArguments();
        new picocli.CommandLine(off).parseArgs("--no-reconnect");
        assertThat(off.toConfig(java.util.Map.of(), false).reconnect().enabled()).isFalse();
    }

    @Test
    void aBadValueShowsTheUsage() {
        assertThat(run("127.0.0.1", "port")).isEqualTo(2);
        assertThat(err()).startsWith("Error. Invalid server port: port").contains("Usage: parley client");
    }

    @Test
    void helpAndVersion() {
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("Usage: parley client", "--user", "--password-file", "--download-dir", "--no-color",
                "--script", "--private-port", "PARLEY_PASSWORD");
        out.reset();
        assertThat(run("--version")).isZero();
        assertThat(out().strip()).isEqualTo(org.parley.protocol.ParleyVersion.line()).startsWith("Parley 0.1");
    }

    @Test
    void aServerThatIsNotThereIsAClearFailure() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        assertThat(run(String.valueOf(port))).isEqualTo(1);
        assertThat(err()).isEqualTo("Error. Cannot connect to the server at 127.0.0.1:" + port + System.lineSeparator());
    }

    @Test
    void noServerOfAListIsOneLineNamingThemAll() throws Exception {
        int a;
        int b;
        try (ServerSocket one = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket two = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            a = one.getLocalPort();
            b = two.getLocalPort();
        }
        assertThat(run("--server", "127.0.0.1:" + a + ",127.0.0.1:" + b)).isEqualTo(1);
        assertThat(err()).matches("Error. Cannot connect to any of the servers: 127.0.0.1:(" + a + ", 127.0.0.1:" + b
                + "|" + b + ", 127.0.0.1:" + a + ")" + System.lineSeparator());
    }

    @Test
    void aServerOfTheListThatIsDownIsPassedOver() throws Exception {
        int down;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            down = probe.getLocalPort();
        }
        TestServer server = SERVERS.start();
        int code = run(Map.of("PARLEY_PASSWORD", "jedi"), "whoelse\n", server.clientTlsArgs()[0],
                server.clientTlsArgs()[1], "--server", "127.0.0.1:" + down, "--server", "127.0.0.1:" + server.port(),
                "-u", "yoda");

        assertThat(code).isZero();
        assertThat(out()).isEqualTo("Welcome to Parley, yoda!\nno other active user\nBye, yoda!\n");
    }

    @Test
    void aWholeScriptedSessionWithThePasswordFromTheEnvironment() throws Exception {
        TestServer server = SERVERS.start();
        int code = run(Map.of("PARLEY_PASSWORD", "jedi"), "whoelse\nbroadcast hi\n", server.clientTlsArgs()[0],
                server.clientTlsArgs()[1],
                "127.0.0.1", String.valueOf(server.port()), "-u", "yoda");

        assertThat(code).isZero();
        assertThat(out()).matches("Welcome to Parley, yoda!\nno other active user\n"
                + "Broadcast message, #1 broadcast at \\d{1,2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2}\\.\nBye, yoda!\n");
    }

    @Test
    void thePasswordFileAndTheConferencingFormWithAUdpPort() throws Exception {
        TestServer server = SERVERS.start();
        Path passwordFile = dir.resolve("pw");
        Files.writeString(passwordFile, "force\n");
        int code = run(Map.of(), "OUT\n", server.clientTlsArgs()[0], server.clientTlsArgs()[1], "--user", "luke", "--password-file", passwordFile.toString(),
                "127.0.0.1", String.valueOf(server.port()), "6789");

        assertThat(code).isZero();
        assertThat(out()).isEqualTo("Welcome to Parley, luke!\nBye, luke!\n");
    }

    @Test
    void theUdpPortIsReportedAtLogin() throws Exception {
        TestServer server = SERVERS.start();
        FeedableInput input = new FeedableInput();
        PrintStream printed = new PrintStream(out, true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> luke = CompletableFuture.supplyAsync(() -> ClientMain.run(
                concat(server.clientTlsArgs(), "--known-servers", dir.resolve("known_servers").toString(),
                        "-u", "luke", "127.0.0.1", String.valueOf(server.port()), "6789"),
                Map.of("PARLEY_PASSWORD", "force"), input, printed, printed, false));
        await().atMost(TestServer.patience()).until(() -> out().contains("Welcome to Parley, luke!"));

        try (ParleyClient yoda = server.login("yoda", "jedi")) {
            assertThat(yoda.activeUsers().get(10, TimeUnit.SECONDS).users())
                    .extracting(ActiveUser::username, ActiveUser::udpPort)
                    .containsExactly(tuple("luke", 6789));
        }
        input.end();
        assertThat(luke.get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void aWrongPasswordFromTheEnvironmentFails() throws Exception {
        TestServer server = SERVERS.start();
        int code = run(Map.of("PARLEY_PASSWORD", "sith"), "", server.clientTlsArgs()[0], server.clientTlsArgs()[1], "-u", "yoda", String.valueOf(server.port()));

        assertThat(code).isEqualTo(1);
        assertThat(out()).isEqualTo("Invalid Password. Please try again\n");
    }

    @Test
    void promptsAppearWhenNoCredentialsAreGiven() throws Exception {
        TestServer server = SERVERS.start();
        int code = run(Map.of(), "leia\nrebel\n", server.clientTlsArgs()[0], server.clientTlsArgs()[1], "--script", String.valueOf(server.port()));

        assertThat(code).isZero();
        assertThat(out()).isEqualTo("Username: Password: Welcome to Parley, leia!\nBye, leia!\n");
    }
}
