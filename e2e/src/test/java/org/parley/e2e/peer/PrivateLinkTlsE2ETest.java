package org.parley.e2e.peer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.e2e.harness.ClientProcess;
import org.parley.e2e.harness.RunningParley;

/**
 * Private links of the packaged clients are TLS with the keys the server brokered: each side prints both
 * fingerprints when the link opens and the two lines agree crosswise; strangers on the private port (in
 * clear, garbage, TLS without a certificate) are shut out without a word and the chat goes on.
 */
class PrivateLinkTlsE2ETest {

    private static final Pattern KEYS = Pattern.compile(
            "Private link with (\\w+) is encrypted; keys: \\1 (SHA256:[A-Za-z0-9+/]{43}), yours (SHA256:[A-Za-z0-9+/]{43})");

    @RegisterExtension
    final RunningParley parley = RunningParley.withAccounts("yoda jedi", "hans solo");

    @Test
    void bothSidesShowTheSameTwoKeysAndStrangersOnThePrivatePortChangeNothing() throws Exception {
        int hansPort = freePort();
        ClientProcess hans = parley.track(ClientProcess.start(parley.dir(), "hans", parley.server().port(),
                "--private-port", Integer.toString(hansPort)));
        hans.expect(ClientProcess.USERNAME).type("hans").expect(ClientProcess.PASSWORD).type("solo")
                .expect("Welcome to Parley, hans!");
        ClientProcess yoda = parley.login("yoda", "jedi");

        assertShutOut(hansPort, "{\"type\":\"link-hello\",\"from\":\"yoda\",\"token\":\"x\"}\n".getBytes(UTF_8));
        assertShutOut(hansPort, new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5, '\n'});
        assertTlsWithoutCertificateShutOut(hansPort);

        yoda.type("startprivate hans").expect("Start private messaging with hans");
        hans.expect("yoda would like to private message, enter y or n: ").type("y");
        Matcher atYoda = keys(yoda.awaitLine(line -> KEYS.matcher(line).matches(), "the link's keys", ClientProcess.WAIT));
        yoda.expect("hans accepts private messaging");
        Matcher atHans = keys(hans.awaitLine(line -> KEYS.matcher(line).matches(), "the link's keys", ClientProcess.WAIT));
        assertThat(atYoda.group(1)).isEqualTo("hans");
        assertThat(atHans.group(1)).isEqualTo("yoda");
        assertThat(atYoda.group(2)).as("hans's key as yoda sees it is hans's own").isEqualTo(atHans.group(3));
        assertThat(atHans.group(2)).as("yoda's key as hans sees it is yoda's own").isEqualTo(atYoda.group(3));
        assertThat(atYoda.group(2)).isNotEqualTo(atYoda.group(3));

        assertShutOut(hansPort, "not even a frame\n".getBytes(UTF_8));
        yoda.type("private hans only you can read this");
        hans.expect("yoda(private): only you can read this");
        hans.type("private yoda and only you this");
        yoda.expect("hans(private): and only you this");
        assertThat(hans.out().entries()).noneMatch(line -> line.startsWith("Error."));
        assertThat(parley.server().out().entries()).noneMatch(line -> line.contains("only you"));
    }

    private static Matcher keys(String line) {
        Matcher m = KEYS.matcher(line);
        assertThat(m.matches()).isTrue();
        return m;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /**
     * Sends {@code bytes} in clear and expects the port to close the connection with nothing back but, at
     * most, the one TLS alert record (7 bytes, content type 21) by which a TLS endpoint refuses what is
     * not TLS.
     */
    private static void assertShutOut(int port, byte[] bytes) throws IOException {
        try (Socket stranger = new Socket()) {
            stranger.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            stranger.setSoTimeout((int) ClientProcess.WAIT.toMillis());
            stranger.getOutputStream().write(bytes);
            stranger.getOutputStream().flush();
            byte[] got = readUntilClosed(stranger.getInputStream());
            assertThat(got.length == 0 || (got.length == 7 && got[0] == 0x15 && got[1] == 0x03))
                    .as("got %s", HexFormat.of().formatHex(got)).isTrue();
        }
    }

    private static byte[] readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                got.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException stillOpen) {
            throw stillOpen;
        } catch (IOException reset) {
            // a reset is a close
        }
        return got.toByteArray();
    }

    /**
     * A TLS client that trusts anything but has no certificate: the handshake is refused (with TLS 1.3 the
     * client sees it at its first read) and nothing of the link protocol ever comes back.
     */
    private static void assertTlsWithoutCertificateShutOut(int port) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new TrustingEverything()}, new SecureRandom());
        try (SSLSocket stranger = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            stranger.setSoTimeout((int) ClientProcess.WAIT.toMillis());
            try {
                stranger.startHandshake();
                stranger.getOutputStream().write("{\"type\":\"link-hello\",\"from\":\"yoda\",\"token\":\"x\"}\n".getBytes(UTF_8));
                stranger.getOutputStream().flush();
                assertThat(bytesUntilClosed(stranger.getInputStream())).isZero();
            } catch (SocketTimeoutException stillOpen) {
                throw stillOpen;
            } catch (IOException refused) {
                // the handshake alert: refused, as it should be
            }
        }
    }

    private static int bytesUntilClosed(InputStream in) throws IOException {
        int total = 0;
        byte[] buffer = new byte[4096];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
            }
        } catch (SocketTimeoutException stillOpen) {
            throw stillOpen;
        } catch (IOException resetOrAlert) {
            return total;
        }
        return total;
    }

    /** Test only: the stranger does not care whom it talks to. */
    private static final class TrustingEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
