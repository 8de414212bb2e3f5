package org.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPEC 1.1 command line: bad arguments give the reference message and a non-zero exit without a stack
 * trace. Only arguments that fail (or only print) are tested: a good command line serves forever.
 */
class ServerMainTest {

    private static ServerMainRun run(String... args) {
        return ServerMainRun.of(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"7", "0", "abc", "-1", "6"})
    void attemptsOutsideOneToFiveGiveTheReferenceMessage(String attempts) {
        ServerMainRun r = run("12000", attempts);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.all().strip()).isEqualTo("Invalid number of allowed failed consecutive attempt: " + attempts
                + ". The valid value of argument number is an integer between 1 and 5");
    }

    @Test
    void aWebPortInUseIsNamedAsTheWebPort(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("credentials.txt"), "");
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            ServerMainRun r = run("--bind", "127.0.0.1", "--port", "0", "--web-port", String.valueOf(taken.getLocalPort()),
                    "--hash-cost", "testing", "--data-dir", dir.resolve("data").toString(), "--log-dir", dir.toString(),
                    "--credentials", dir.resolve("credentials.txt").toString(), "--quiet");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort() + " for the web client")
                    .contains("--web-port 0");
            assertNoStackTrace(r);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"--port=70000", "--port=-1", "--port=65536"})
    void aPortOptionOutOfRangeSaysSoAndNotThatTheBindAddressIsInvalid(String option) {
        ServerMainRun r = run(option);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err().strip()).isEqualTo("Error. Invalid port '" + option.substring("--port=".length())
                + "': out of range, expected an integer between 0 and 65535");
        assertNoStackTrace(r);
    }

    @Test
    void aCredentialsFileNamedExplicitlyThatIsMissingStopsTheStart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path missing = dir.resolve("accounts.txt");
        ServerMainRun r = run("--hash-cost", "testing", "--bind", "127.0.0.1", "--data-dir", dir.resolve("data").toString(),
                "--log-dir", dir.toString(), "--credentials", missing.toString(), "0");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("Error. The credentials file " + missing + " does not exist");
        assertThat(dir.resolve("data")).as("nothing was started").doesNotExist();
        assertNoStackTrace(r);
    }

    @Test
    void anUnreadableCredentialsFileIsReportedWithItsCause(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // a directory where the file should be: unreadable for root too, which file permissions are not
        java.nio.file.Path credentials = java.nio.file.Files.createDirectory(dir.resolve("credentials.txt"));
        ServerMainRun r = run("--hash-cost", "testing", "--bind", "127.0.0.1", "--quiet", "--data-dir", dir.resolve("data").toString(),
                "--log-dir", dir.toString(), "--credentials", credentials.toString(), "0");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("Error. Cannot read the credentials file " + credentials + ": Is a directory");
        assertNoStackTrace(r);
    }

    @Test
    void aReadOnlyCredentialsFileWithClearPasswordsIsRefusedInOneLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        java.nio.file.Path credentials = java.nio.file.Files.writeString(dir.resolve("credentials.txt"), "yoda jedi\n");
        java.nio.file.Files.setPosixFilePermissions(credentials,
                java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));
        ServerMainRun r = run("--hash-cost", "testing", "--bind", "127.0.0.1", "--quiet", "--data-dir", dir.resolve("data").toString(),
                "--log-dir", dir.toString(), "--credentials", credentials.toString(), "0");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("Error. " + credentials + " holds clear-text passwords (line 1) and cannot be"
                + " rewritten with their hashes: the file is read-only").doesNotContain("jedi");
        assertThat(credentials).hasContent("yoda jedi");
        assertNoStackTrace(r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"70000", "-5", "port"})
    void aBadPortIsRefused(String port) {
        ServerMainRun r = run(port);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).startsWith("Error. Invalid port '" + port + "': ")
                .contains(port.equals("port") ? "expected an integer" : "out of range");
        assertNoStackTrace(r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--registration-rate=0", "--registration-rate=-1", "--registration-rate=NaN",
        "--registration-rate=2000000", "--max-accounts=-1"})
    void badRegistrationLimitsAreRefused(String option) {
        ServerMainRun r = run(option, "12000");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains(option.substring(0, option.indexOf('='))).contains("Error.");
        assertNoStackTrace(r);
    }

    @Test
    void badMessengerFormValuesAreRefused() {
        ServerMainRun r = run("12000", "0", "30");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("BLOCK_DURATION");
        ServerMainRun t = run("12000", "10", "soon");
        assertThat(t.exitCode()).isNotZero();
        assertThat(t.err()).contains("TIMEOUT");
        assertNoStackTrace(r);
        assertNoStackTrace(t);
    }

    @Test
    void tooManyPositionalArgumentsAreRefused() {
        ServerMainRun r = run("12000", "1", "2", "3");
        assertThat(r.exitCode()).isNotZero();
        assertNoStackTrace(r);
    }

    @Test
    void badOptionValuesAreRefused() {
        ServerMainRun cost = run("--hash-cost", "cheapest");
        assertThat(cost.exitCode()).isNotZero();
        assertThat(cost.err()).contains("--hash-cost");
        ServerMainRun bind = run("--bind", "no.such.host.invalid");
        assertThat(bind.exitCode()).isNotZero();
        assertThat(bind.err()).contains("no.such.host.invalid");
        ServerMainRun idle = run("--idle-timeout", "-1");
        assertThat(idle.exitCode()).isNotZero();
        for (ServerMainRun r : new ServerMainRun[] {cost, bind, idle}) {
            assertNoStackTrace(r);
        }
    }

    @Test
    void helpAndVersionExitZero() {
        ServerMainRun help = run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage:").contains("--idle-timeout").contains("registration");
        ServerMainRun version = run("--version");
        assertThat(version.exitCode()).isZero();
        // the client prints the very same line (ClientMainTest)
        assertThat(version.out().strip()).isEqualTo(org.parley.protocol.ParleyVersion.line())
                .matches("Parley \\d+\\.\\d+\\.\\d+\\S* \\(protocol \\d+\\)");
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithoutAStackTrace() {
        ServerMainRun r = run("--frobnicate");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).startsWith("Error. Unknown option: '--frobnicate'").contains("parley server --help");
        assertNoStackTrace(r);
    }

    @Test
    void aNonNumericOptionIsAUsageErrorWithoutAStackTrace() {
        ServerMainRun r = run("--port", "twelve");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("twelve");
        assertNoStackTrace(r);
    }

    private static void assertNoStackTrace(ServerMainRun r) {
        assertThat(r.all()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void aPortInUseIsReportedWithTheAddressAndNoStackTrace(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("credentials.txt"), "");
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            ServerMainRun r = run("--hash-cost", "testing", "--bind", "127.0.0.1", "--quiet",
                    "--data-dir", dir.resolve("data").toString(), "--log-dir", dir.toString(),
                    "--credentials", dir.resolve("credentials.txt").toString(), Integer.toString(taken.getLocalPort()));
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).contains("Error. Cannot listen on 127.0.0.1:" + taken.getLocalPort());
            assertThat(r.all()).doesNotContain("Exception");
        }
    }

    @Test
    void tlsOptionsThatDoNotGoTogetherAreRefused() {
        ServerMainRun half = run("--tls-cert", "server.pem", "12000");
        assertThat(half.exitCode()).isEqualTo(1);
        assertThat(half.err()).contains("--tls-cert and --tls-key go together");
        ServerMainRun both = run("--no-tls", "--tls-cert", "a.pem", "--tls-key", "b.pem", "12000");
        assertThat(both.exitCode()).isEqualTo(1);
        assertThat(both.err()).contains("--no-tls cannot be combined");
        assertNoStackTrace(half);
        assertNoStackTrace(both);
    }

    @Test
    void anUnreadableOperatorKeyStopsTheServerWithTheFileNamed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path crt = dir.resolve("server.pem");
        java.nio.file.Path key = dir.resolve("server.key");
        org.parley.tls.PemFiles.writeIdentity(org.parley.tls.Certificates.selfSigned("x", java.time.Duration.ofDays(1)),
                crt, dir.resolve("unused.key"));
        java.nio.file.Files.writeString(key, "not a key\n");
        java.nio.file.Files.writeString(dir.resolve("credentials.txt"), "");
        ServerMainRun r = run("--hash-cost", "testing", "--bind", "127.0.0.1", "--quiet", "--tls-cert", crt.toString(),
                "--tls-key", key.toString(), "--data-dir", dir.resolve("data").toString(), "--log-dir", dir.toString(),
                "--credentials", dir.resolve("credentials.txt").toString(), "0");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("Error. ").contains(key.toString()).contains("no PEM private key");
        assertThat(r.all()).doesNotContain("Exception");
        assertThat(java.nio.file.Files.exists(dir.resolve("data").resolve("parley.db"))).isFalse();
    }
}
