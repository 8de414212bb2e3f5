package org.parley.client.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.parley.client.api.ParleyClient;
import org.parley.client.api.ReceivedMessages;
import org.parley.client.api.ServerErrorException;
import org.parley.client.testing.TestServer;
import org.parley.client.testing.TestServers;
import org.parley.protocol.ErrorCode;
import org.parley.server.ServerTls;
import org.parley.tls.Certificates;
import org.parley.tls.Fingerprint;
import org.parley.tls.OwnerOnlyFiles;
import org.parley.tls.PemFiles;
import org.parley.tls.TlsIdentity;

/** The client's trust decision against the real server: pin, CA with host name, trust on first use. */
class ServerTrustTest {

    @RegisterExtension
    static final TestServers SERVERS = new TestServers();

    @TempDir
    Path dir;

    private final List<String> notices = new CopyOnWriteArrayList<>();

    private KnownServers known() {
        return new KnownServers(dir.resolve("known").resolve("known_servers"));
    }

    private ServerSecurity trustOnFirstUse() throws Exception {
        return ServerSecurity.tls(java.util.List.of(), null, known(), notices::add);
    }

    private static CompletableFuture<ParleyClient> connect(String host, int port, ServerSecurity security) {
        return ParleyClient.connect(host, port, null, Duration.ofSeconds(10), new ReceivedMessages(), security);
    }

    private static String refusal(CompletableFuture<ParleyClient> connecting) {
        Throwable[] seen = new Throwable[1];
        assertThatThrownBy(() -> connecting.get(20, TimeUnit.SECONDS)).cause()
                .isInstanceOf(TlsConnectException.class)
                .satisfies(e -> seen[0] = e);
        assertThat(seen[0].getMessage()).doesNotContain("\n");
        return seen[0].getMessage();
    }

    @Test
    void aSelfSignedServerIsRememberedAtFirstUseTrustedAgainAndRefusedOnceItsKeyChanges() throws Exception {
        TestServer server = SERVERS.start();
        String where = "127.0.0.1:" + server.port();
        ServerSecurity security = trustOnFirstUse();

        connect("127.0.0.1", server.port(), security).get(10, TimeUnit.SECONDS).close();
        Path file = known().file();
        assertThat(notices).containsExactly("First connection to " + where + ": its certificate "
                + server.fingerprint() + " is now remembered in " + file);
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(where + " " + server.fingerprint() + "\n");
        assertThat(OwnerOnlyFiles.isOwnerOnly(file)).isTrue();
        assertThat(OwnerOnlyFiles.isOwnerOnly(file.getParent())).isTrue();

        connect("127.0.0.1", server.port(), security).get(10, TimeUnit.SECONDS).close();
        assertThat(notices).hasSize(1);

        Fingerprint other = Certificates.selfSigned("impostor", Duration.ofDays(1)).fingerprint();
        known().remember(where, other);
        // A new process, as a user would start it: the old one may resume its TLS session with the server,
        // which is safe (only the real server holds that session's keys) but would skip the check here.
        String line = refusal(connect("127.0.0.1", server.port(), trustOnFirstUse()));
        assertThat(line).contains("has changed", server.fingerprint().toString(), other.toString(), file.toString());
        assertThat(known().lookup(where)).contains(other); // a refusal changes nothing
    }

    @Test
    void aPinnedFingerprintIsTrustedAndAnyOtherRefused() throws Exception {
        TestServer server = SERVERS.start();
        connect("127.0.0.1", server.port(), ServerSecurity.pinned(server.fingerprint()))
                .get(10, TimeUnit.SECONDS).close();

        Fingerprint wrong = Certificates.selfSigned("other", Duration.ofDays(1)).fingerprint();
        String line = refusal(connect("127.0.0.1", server.port(), ServerSecurity.tls(wrong, null, known(), notices::add)));
        assertThat(line).contains("not the pinned " + wrong, server.fingerprint().toString());
        assertThat(Files.exists(known().file())).isFalse();
    }

    @Test
    void aCertificateFromATrustedCaIsVerifiedWithTheHostNameAndNotRemembered() throws Exception {
        Pki pki = Pki.valid(dir, "127.0.0.1", "localhost");
        TestServer server = SERVERS.start(s -> s.withTls(ServerTls.operator(pki.certificate, pki.key)));
        ServerSecurity security = ServerSecurity.tls(java.util.List.of(), pki.caFile, known(), notices::add);

        connect("127.0.0.1", server.port(), security).get(10, TimeUnit.SECONDS).close();
        connect("localhost", server.port(), security).get(10, TimeUnit.SECONDS).close();
        assertThat(notices).isEmpty();
        assertThat(Files.exists(known().file())).isFalse();
    }

    @Test
    void aCaCertificateThatExpiredIsRefused() throws Exception {
        Instant now = Instant.now();
        TlsIdentity ca = Certificates.issue("Expired CA", List.of(), null, true,
                now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
        TlsIdentity leaf = Certificates.issue("parley.test", List.of("127.0.0.1"), ca, false,
                now.minus(Duration.ofDays(2)), now.plus(Duration.ofDays(30)));
        Pki pki = Pki.write(dir, ca, leaf);
        TestServer server = SERVERS.start(s -> s.withTls(ServerTls.operator(pki.certificate, pki.key)));

        String line = refusal(connect("127.0.0.1", server.port(), ServerSecurity.tls(java.util.List.of(), pki.caFile, known(), notices::add)));
        assertThat(line).contains("127.0.0.1:" + server.port(), "has expired or is not yet valid");
    }

    @Test
    void aCertificateForAnotherHostIsRefused() throws Exception {
        Pki pki = Pki.valid(dir, "parley.example");
        TestServer server = SERVERS.start(s -> s.withTls(ServerTls.operator(pki.certificate, pki.key)));

        String line = refusal(connect("127.0.0.1", server.port(), ServerSecurity.tls(java.util.List.of(), pki.caFile, known(), notices::add)));
        assertThat(line).contains("is not for 127.0.0.1");
    }

    @Test
    void aCaSignedCertificateFromAnUnknownCaIsRefusedNotRemembered() throws Exception {
        Pki pki = Pki.valid(dir, "127.0.0.1");
        TestServer server = SERVERS.start(s -> s.withTls(ServerTls.operator(pki.certificate, pki.key)));

        String line = refusal(connect("127.0.0.1", server.port(), trustOnFirstUse()));
        assertThat(line).contains("not signed by a trusted authority", "--tls-ca");
        assertThat(Files.exists(known().file())).isFalse();
    }

    @Test
    void aPlainClientAtATlsServerGetsTheServersOneLineAnswer() throws Exception {
        TestServer server = SERVERS.start();
        assertThatThrownBy(() -> connect("127.0.0.1", server.port(), ServerSecurity.plain()).get(10, TimeUnit.SECONDS))
                .cause().isInstanceOfSatisfying(ServerErrorException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TLS_REQUIRED);
                    assertThat(e.getMessage()).startsWith("Error. This server requires TLS");
                });
    }

    @Test
    void aTlsClientAtAPlainServerIsToldItDoesNotSpeakTls() throws Exception {
        TestServer server = SERVERS.start(s -> s.withTls(ServerTls.off()));
        String line = refusal(connect("127.0.0.1", server.port(), trustOnFirstUse()));
        assertThat(line).isEqualTo("Error. The server at 127.0.0.1:" + server.port() + " does not speak TLS; if it"
                + " runs with --no-tls, connect with --no-tls too (only on a network you trust)");
        // and plain to plain works, for local testing
        connect("127.0.0.1", server.port(), ServerSecurity.plain()).get(10, TimeUnit.SECONDS).close();
    }

    /** A test CA, a leaf it signed, and their PEM files. */
    private record Pki(Path caFile, Path certificate, Path key) {
        static Pki valid(Path dir, String... names) throws Exception {
            Instant now = Instant.now();
            TlsIdentity ca = Certificates.issue("Test CA", List.of(), null, true,
                    now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
            TlsIdentity leaf = Certificates.issue("parley.test", List.of(names), ca, false,
                    now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
            return write(dir, ca, leaf);
        }

        static Pki write(Path dir, TlsIdentity ca, TlsIdentity leaf) throws Exception {
            Path caFile = dir.resolve("ca.pem");
            PemFiles.writeIdentity(ca, caFile, dir.resolve("ca.key"));
            Path certificate = dir.resolve("server.pem");
            Path key = dir.resolve("server.key");
            PemFiles.writeIdentity(leaf, certificate, key);
            return new Pki(caFile, certificate, key);
        }
    }
}
