package org.parley.e2e.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.e2e.harness.ClientProcess;
import org.parley.e2e.harness.ServerProcess;

/**
 * The packaged jars over TLS with trust on first use: the client remembers the server's self-signed
 * certificate at its first connection and says so; the server keeps its key across restarts; once the
 * key changes, the client refuses to connect, naming both fingerprints and the file.
 */
class TrustOnFirstUseE2ETest {

    @TempDir
    Path dir;

    @Test
    void theFirstConnectionIsRememberedAndAChangedServerKeyIsRefused() throws IOException {
        ServerProcess.writeCredentials(dir, "yoda jedi");
        Path known = dir.resolve("home").resolve("known_servers");
        int port;
        String original;
        try (ServerProcess server = ServerProcess.start(dir, "0")) {
            port = server.port();
            original = server.fingerprint();
            String where = "127.0.0.1:" + port;
            try (ClientProcess yoda = ClientProcess.start(dir, "yoda-first", port, "--known-servers", known.toString())) {
                yoda.expect("First connection to " + where + ": its certificate " + original
                        + " is now remembered in " + known.toAbsolutePath().normalize());
                yoda.expect(ClientProcess.USERNAME).type("yoda").expect(ClientProcess.PASSWORD).type("jedi")
                        .expect("Welcome to Parley, yoda!").type("OUT");
                assertThat(yoda.awaitExit()).isZero();
            }
            assertThat(Files.readString(known)).isEqualTo(where + " " + original + "\n");
        }

        try (ServerProcess again = ServerProcess.start(dir, Integer.toString(port))) {
            assertThat(again.fingerprint()).isEqualTo(original);
            try (ClientProcess yoda = ClientProcess.start(dir, "yoda-again", port, "--known-servers", known.toString())) {
                yoda.expect(ClientProcess.USERNAME).type("yoda").expect(ClientProcess.PASSWORD).type("jedi")
                        .expect("Welcome to Parley, yoda!").type("OUT");
                assertThat(yoda.awaitExit()).isZero();
                assertThat(yoda.out().entries()).noneMatch(l -> l.startsWith("First connection"));
            }
        }

        // The server's key is lost and a new one made: to the client this is what an attacker looks like.
        Files.delete(dir.resolve("data").resolve("tls").resolve("server.key"));
        Files.delete(dir.resolve("data").resolve("tls").resolve("server.crt"));
        try (ServerProcess changed = ServerProcess.start(dir, Integer.toString(port))) {
            assertThat(changed.fingerprint()).isNotEqualTo(original);
            try (ClientProcess yoda = ClientProcess.start(dir, "yoda-changed", port, "--known-servers", known.toString())) {
                assertThat(yoda.awaitExit()).isEqualTo(1);
                assertThat(yoda.err().entries()).anySatisfy(line -> assertThat(line)
                        .startsWith("Error. The certificate of the server at 127.0.0.1:" + port + " has changed")
                        .contains(changed.fingerprint(), original, known.toAbsolutePath().normalize().toString()));
                assertThat(yoda.out().entries()).doesNotContain(ClientProcess.USERNAME);
            }
            assertThat(Files.readString(known)).contains(original);
        }
    }

    @Test
    void aPlainClientAtTheTlsServerIsToldItRequiresTls() throws IOException {
        ServerProcess.writeCredentials(dir, "yoda jedi");
        try (ServerProcess server = ServerProcess.start(dir, "0");
             ClientProcess plain = ClientProcess.start(dir, "plain", server.port(), "--no-tls")) {
            assertThat(plain.awaitExit()).isEqualTo(1);
            assertThat(plain.err().entries()).anySatisfy(l -> assertThat(l).startsWith("Error. This server requires TLS"));
        }
    }


    @Test
    void plainTcpWorksOnlyWhenBothEndsSayNoTlsAndTheServerWarns() throws IOException {
        ServerProcess.writeCredentials(dir, "yoda jedi");
        try (ServerProcess server = ServerProcess.start(dir, "--no-tls", "0")) {
            assertThat(server.fingerprint()).isNull();
            server.err().await(l -> l.contains("TLS is off (--no-tls)"), "the server's warning", Duration.ofSeconds(10));
            try (ClientProcess tls = ClientProcess.start(dir, "tls", server.port(),
                    "--known-servers", dir.resolve("known_servers").toString())) {
                assertThat(tls.awaitExit()).isEqualTo(1);
                assertThat(tls.err().entries()).contains("Error. The server at 127.0.0.1:" + server.port()
                        + " does not speak TLS; if it runs with --no-tls, connect with --no-tls too (only on a"
                        + " network you trust)");
            }
            try (ClientProcess plain = ClientProcess.start(dir, "plain", server.port(), "--no-tls")) {
                plain.expect(ClientProcess.USERNAME).type("yoda").expect(ClientProcess.PASSWORD).type("jedi")
                        .expect("Welcome to Parley, yoda!").type("OUT");
                assertThat(plain.awaitExit()).isZero();
            }
            assertThat(Files.exists(dir.resolve("known_servers"))).isFalse();
        }
    }
}
