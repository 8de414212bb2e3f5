package org.parley.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Event;
import org.parley.protocol.Frame;
import org.parley.protocol.FrameCodec;
import org.parley.protocol.ProtocolVersion;
import org.parley.protocol.Request;
import org.parley.protocol.Response;
import org.parley.server.ServerTls;
import org.parley.server.core.TestConnection;
import org.parley.server.core.TestServer;
import org.parley.server.tls.ServerIdentity;
import org.parley.tls.Certificates;
import org.parley.tls.Fingerprint;
import org.parley.tls.OwnerOnlyFiles;
import org.parley.tls.PemFiles;
import org.parley.tls.TlsIdentity;

/** The chat port speaks TLS by default: its identity, what crosses the wire, and clients that speak otherwise. */
class TlsComponentTest {

    private static final FrameCodec<Frame> CODEC = FrameCodec.frames();

    @TempDir
    Path dir;

    @Test
    void theServerMakesASelfSignedIdentityOnceKeepsItOwnerOnlyAndPresentsItAfterARestart() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            Fingerprint first = server.server().fingerprint().orElseThrow();
            Path key = ServerIdentity.keyFile(dir.resolve("data"));
            Path certificate = ServerIdentity.certificateFile(dir.resolve("data"));
            assertThat(OwnerOnlyFiles.isOwnerOnly(key)).isTrue();
            assertThat(OwnerOnlyFiles.isOwnerOnly(certificate)).isTrue();
            assertThat(Fingerprint.of(PemFiles.readCertificates(certificate).get(0))).isEqualTo(first);
            assertThat(server.login("alice").localIp()).isNotNull();

            server.restart();
            assertThat(server.server().fingerprint()).contains(first);
            // TestConnection trusts exactly the fingerprint the server reports, so this handshake proves it.
            server.connect().hello();
        }
    }

    @Test
    void anOperatorsCertificateIsPresentedInsteadOfASelfSignedOne() throws Exception {
        TlsIdentity ca = Certificates.issue("Test CA", List.of(), null, true,
                Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(1)));
        TlsIdentity leaf = Certificates.issue("parley.test", List.of("127.0.0.1"), ca, false,
                Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(1)));
        Path crt = dir.resolve("fullchain.pem");
        Path key = dir.resolve("privkey.pem");
        PemFiles.writeIdentity(leaf, crt, key);
        try (TestServer server = TestServer.start(dir, s -> s.withTls(ServerTls.operator(crt, key)))) {
            assertThat(server.server().fingerprint()).contains(leaf.fingerprint());
            assertThat(server.server().certificateChain()).hasSize(2);
            server.connect().hello();
            assertThat(Files.exists(ServerIdentity.keyFile(dir.resolve("data")))).isFalse();
        }
    }

    @Test
    void thePasswordAndMessagesNeverCrossTheWireInClear() throws Exception {
        try (TestServer server = TestServer.start(dir);
             RecordingRelay relay = new RecordingRelay(server.server().address())) {
            TestConnection listener = server.login("bob");
            TestConnection alice = new TestConnection(relay.address(), "127.0.0.1",
                    server.server().fingerprint().orElseThrow());
            assertThat(alice.login("alice", "alicepw")).isInstanceOf(Response.LoggedIn.class);
            alice.request(new Request.SendBroadcast(alice.nextId(), "the plans are in R2"), Response.BroadcastSent.class);
            listener.send(new Request.SendBroadcast(listener.nextId(), "meet at the cantina"));
            assertThat(alice.awaitEvent(Event.BroadcastReceived.class).text()).isEqualTo("meet at the cantina");
            alice.close();

            String wire = relay.recorded();
            assertThat(wire).hasSizeGreaterThan(500);
            assertThat(wire).doesNotContain("alicepw", "the plans are in R2", "meet at the cantina",
                    "login-password", "broadcast");
        }
    }

    @Test
    void withoutTlsTheRelaySeesEverything() throws Exception {
        // The control for the test above: the same relay, a plain-TCP server, the password in clear.
        try (TestServer server = TestServer.start(dir, s -> s.withTls(ServerTls.off()));
             RecordingRelay relay = new RecordingRelay(server.server().address())) {
            assertThat(server.server().fingerprint()).isEmpty();
            TestConnection alice = new TestConnection(relay.address(), "127.0.0.1");
            assertThat(alice.login("alice", "alicepw")).isInstanceOf(Response.LoggedIn.class);
            await().atMost(TestConnection.WAIT).until(() -> relay.recorded().contains("alicepw"));
        }
    }

    @Test
    void aPlainClientAtTheTlsPortIsAnsweredOneErrorLineAndClosed() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            TestConnection bystander = server.login("bob");
            try (Socket plain = new Socket()) {
                plain.connect(server.server().address(), 5000);
                plain.getOutputStream().write(line(new Request.Hello(7, ProtocolVersion.CURRENT, "plain")));
                String answer = new String(plain.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                Response.Error error = (Response.Error) CODEC.decode(answer.strip().getBytes(StandardCharsets.UTF_8));
                assertThat(error.id()).isEqualTo(7);
                assertThat(error.code()).isEqualTo(ErrorCode.TLS_REQUIRED);
                assertThat(error.message()).startsWith("Error. This server requires TLS");
            }
            bystanderStillTalks(server, bystander);
        }
    }

    @Test
    void garbageOnTheTlsPortIsClosedAndHarmsNobody() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            TestConnection bystander = server.login("bob");
            byte[] binary = new byte[64];
            new java.util.Random(11).nextBytes(binary);
            binary[0] = 0x01; // not a TLS content type, not '{'
            byte[] tlsLooking = {0x16, 0x03, 0x01, 0x00, 0x20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                    17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
            byte[] notJson = "{this is not json}\n".getBytes(StandardCharsets.US_ASCII);
            for (byte[] garbage : List.of(binary, tlsLooking, notJson)) {
                try (Socket s = new Socket()) {
                    s.connect(server.server().address(), 5000);
                    s.getOutputStream().write(garbage);
                    InputStream in = s.getInputStream();
                    s.setSoTimeout(10_000);
                    // Closed: end of stream (a TLS alert may come first for the TLS-looking record).
                    byte[] rest = in.readAllBytes();
                    assertThat(new String(rest, StandardCharsets.ISO_8859_1)).doesNotContain("type");
                }
            }
            bystanderStillTalks(server, bystander);
        }
    }

    @Test
    void aTlsClientAtAPlainPortIsAnsweredInPlainAndClosed() throws Exception {
        try (TestServer server = TestServer.start(dir, s -> s.withTls(ServerTls.off()))) {
            Fingerprint any = Certificates.selfSigned("x", Duration.ofDays(1)).fingerprint();
            InetSocketAddress address = server.server().address();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestConnection.open(address, "127.0.0.1", any, s -> { }))
                    .isInstanceOf(javax.net.ssl.SSLException.class);
            TestConnection plain = server.login("bob"); // TestServer connects plain to a plain server
            assertThat(plain.request(new Request.WhoElse(plain.nextId()))).isInstanceOf(Response.UserList.class);
        }
    }

    private static void bystanderStillTalks(TestServer server, TestConnection bystander) throws Exception {
        TestConnection other = server.login("carol");
        other.request(new Request.SendBroadcast(other.nextId(), "still here"), Response.BroadcastSent.class);
        assertThat(bystander.awaitEvent(Event.BroadcastReceived.class).text()).isEqualTo("still here");
    }

    private static byte[] line(Frame frame) {
        byte[] json = CODEC.encode(frame);
        byte[] out = java.util.Arrays.copyOf(json, json.length + 1);
        out[json.length] = '\n';
        return out;
    }

}
