package org.parley.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.parley.protocol.Event;
import org.parley.protocol.Limits;
import org.parley.protocol.Request;
import org.parley.protocol.Response;
import org.parley.server.core.TestConnection;
import org.parley.server.core.TestServer;

/**
 * Bad input on the web port gets a clear close on its own connection, and two chat-port bystanders
 * can still broadcast to each other afterwards; good input speaks the protocol frame for frame.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebBadInputComponentTest {

    private TestServer server;
    private InetSocketAddress web;
    private TestConnection speaker;
    private TestConnection listener;
    private int users;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        server = TestServer.start(dir, s -> s.withWeb(new InetSocketAddress("127.0.0.1", 0), null));
        web = server.server().webAddress();
    }

    @BeforeEach
    void bystanders() throws IOException {
        users++;
        speaker = server.register("speak" + users);
        listener = server.register("listen" + users);
    }

    @AfterEach
    void bystandersStillTalk() throws IOException {
        Response.BroadcastSent sent = speaker.request(new Request.SendBroadcast(speaker.nextId(), "still here"),
                Response.BroadcastSent.class);
        assertThat(listener.awaitEvent(Event.BroadcastReceived.class).number()).isEqualTo(sent.number());
        server.disconnectAll();
    }

    @AfterAll
    void stop() throws IOException {
        server.close();
    }

    @Test
    void aTextFrameIsOneProtocolFrameAndEventsArriveAsTextFrames() throws Exception {
        Client client = Client.open(web, null);
        client.send("{\"type\":\"hello\",\"id\":1,\"version\":1,\"agent\":\"test\"}");
        assertThat(client.next()).contains("\"type\":\"hello-ok\"").contains("\"id\":1");
        client.send("{\"type\":\"login-user\",\"id\":2,\"username\":\"webby\"}");
        assertThat(client.next()).contains("NEW_PASSWORD");
        client.send("{\"type\":\"login-password\",\"id\":3,\"password\":\"webbypw\",\"udpPort\":0,\"privatePort\":0}");
        assertThat(client.next()).contains("\"type\":\"logged-in\"");
        speaker.request(new Request.SendBroadcast(speaker.nextId(), "to the web"), Response.BroadcastSent.class);
        assertThat(client.next()).contains("broadcast-received").contains("to the web");
        assertThat(listener.awaitEvent(Event.BroadcastReceived.class).text()).isEqualTo("to the web");
        client.send("{not json");
        assertThat(client.next()).contains("BAD_FRAME");
        client.abort();
    }

    @Test
    void aBinaryFrameIsClosedWithUnsupportedData() throws Exception {
        Client client = Client.open(web, null);
        client.socket.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true);
        assertThat(client.closed.get(10, TimeUnit.SECONDS)).startsWith("1003 ").contains("text frames only");
    }

    @Test
    void aFrameOverTheLimitIsClosedWithMessageTooBig() throws Exception {
        Client client = Client.open(web, null);
        client.send("{\"type\":\"broadcast\",\"id\":1,\"text\":\"" + "x".repeat(Limits.MAX_FRAME_BYTES) + "\"}");
        assertThat(client.closed.get(10, TimeUnit.SECONDS)).startsWith("1009 ");
    }

    @Test
    void aHandshakeFromAnotherOriginIsRefusedWith403() throws Exception {
        String answer = raw("GET /ws HTTP/1.1\r\nHost: " + host() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Origin: http://evil.example\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 403").contains("Cross-origin WebSocket refused");
    }

    @Test
    void aHandshakeFromThePagesOwnOriginIsAccepted() throws Exception {
        Client client = Client.open(web, "http://" + host());
        client.send("{\"type\":\"hello\",\"id\":1,\"version\":1,\"agent\":\"test\"}");
        assertThat(client.next()).contains("hello-ok");
        client.abort();
    }

    @Test
    void garbageBeforeTheUpgradeIsABadRequestAndClosed() throws Exception {
        String answer = raw("\u0000\u0001\u0002 garbage \u00ff\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 400").contains("Not an HTTP request");
    }

    @Test
    void thePageComesWithItsSecurityHeaders() throws Exception {
        String answer = raw("GET / HTTP/1.1\r\nHost: " + host() + "\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 200")
                .contains("Content-Security-Policy: default-src 'self'")
                .contains("frame-ancestors 'none'")
                .contains("X-Content-Type-Options: nosniff")
                .contains("<title>Parley</title>");
        assertThat(raw("GET /../pom.xml HTTP/1.1\r\nHost: " + host() + "\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 404");
    }

    private String host() {
        return "127.0.0.1:" + web.getPort();
    }

    /** Sends bytes on a fresh connection and reads until the server closes it. */
    private String raw(String request) throws IOException {
        try (Socket s = new Socket(web.getAddress(), web.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The JDK's WebSocket client: text messages in a queue, the close as "code reason". */
    static final class Client implements WebSocket.Listener {
        final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        static Client open(InetSocketAddress web, String origin) {
            Client c = new Client();
            WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder();
            if (origin != null) {
                b.header("Origin", origin);
            }
            c.socket = b.buildAsync(URI.create("ws://127.0.0.1:" + web.getPort() + "/ws"), c).join();
            return c;
        }

        void send(String text) {
            socket.sendText(text, true).join();
        }

        String next() throws InterruptedException {
            String t = texts.poll(10, TimeUnit.SECONDS);
            assertThat(t).as("a text frame from the server").isNotNull();
            return t;
        }

        void abort() {
            socket.abort();
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
