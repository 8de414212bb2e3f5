package org.parley.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.protocol.Event;
import org.parley.protocol.Request;
import org.parley.protocol.Response;
import org.parley.server.core.TestConnection;
import org.parley.server.core.TestServer;
import org.parley.tls.Certificates;
import org.parley.tls.TlsContexts;

/** With a TLS context the web port serves https and wss: the page loads, logs in and chats over TLS. */
class WebClientTlsBrowserTest {

    @Test
    void thePageWorksOverHttpsAndWss(@TempDir Path dir) throws Exception {
        Browser.assumeInstalled();
        var tls = TlsContexts.server(Certificates.selfSigned("localhost", Duration.ofDays(1)));
        try (TestServer server = TestServer.start(dir, s -> s.withWeb(new InetSocketAddress("127.0.0.1", 0), tls));
             Browser browser = Browser.open(dir.resolve("profile"), true)) {
            String url = "https://127.0.0.1:" + server.server().webAddress().getPort() + "/";
            TestConnection bob = server.login("bob");
            browser.login(url, "alice", "alicepw");
            browser.awaitChat();
            assertThat(browser.script("return location.protocol")).isEqualTo("https:");
            bob.request(new Request.SendMessage(bob.nextId(), "alice", "over wss"), Response.MessageSent.class);
            browser.awaitLine("direct", "over wss");
            browser.type("message bob and back");
            assertThat(bob.awaitEvent(Event.MessageReceived.class).text()).isEqualTo("and back");
        }
    }

    @Test
    void plainHttpToATlsWebPortGetsNoPage(@TempDir Path dir) throws Exception {
        var tls = TlsContexts.server(Certificates.selfSigned("localhost", Duration.ofDays(1)));
        try (TestServer server = TestServer.start(dir, s -> s.withWeb(new InetSocketAddress("127.0.0.1", 0), tls));
             var socket = new java.net.Socket("127.0.0.1", server.server().webAddress().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(answer).doesNotContain("<title>Parley</title>");
        }
    }
}
