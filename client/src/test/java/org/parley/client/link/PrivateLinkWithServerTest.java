package org.parley.client.link;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.client.testing.TestServer;
import org.parley.client.testing.TestServers;
import org.parley.protocol.Event;

/**
 * Private chat between two headless clients brokered by the real server: the keys each side is handed
 * are the other's, the link is TLS end to end (a relay on the path sees no text and no token), and the
 * link never goes through the server (it outlives it).
 */
class PrivateLinkWithServerTest {

    @RegisterExtension
    static final TestServers SERVERS = new TestServers();

    private static final Duration PATIENCE = TestServer.patience();

    /** yoda asks luke; luke's headless client says yes; the link opens. */
    private static void openChat(HeadlessPeer yoda, HeadlessPeer luke) throws Exception {
        yoda.client.startPrivate("luke", yoda.key()).get(10, TimeUnit.SECONDS);
        await().atMost(PATIENCE).until(() -> yoda.connects.containsKey("luke"));
        yoda.connects.get("luke").get(10, TimeUnit.SECONDS);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(luke.heard.events()).contains("opened yoda"));
    }

    private static void assertCarries(HeadlessPeer from, HeadlessPeer to, String text) {
        assertThat(from.links.send(to.name, text)).isEqualTo(SendResult.SENT);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(to.heard.events()).contains(from.name + ": " + text));
    }

    @Test
    void theServerHandsEachSideTheOthersKeyAndTheLinkIsAuthenticatedWithThem() throws Exception {
        TestServer server = SERVERS.start();
        try (HeadlessPeer yoda = HeadlessPeer.login(server, "yoda", "jedi", IntUnaryOperator.identity());
             HeadlessPeer luke = HeadlessPeer.login(server, "luke", "force", IntUnaryOperator.identity())) {
            openChat(yoda, luke);

            assertThat(luke.event(Event.PrivateExpect.class).fingerprint()).isEqualTo(yoda.key());
            assertThat(yoda.event(Event.PrivateAccepted.class).fingerprint()).isEqualTo(luke.key());
            assertThat(yoda.heard.keyOf("luke")).isEqualTo(luke.links.fingerprint());
            assertThat(luke.heard.keyOf("yoda")).isEqualTo(yoda.links.fingerprint());
            assertCarries(yoda, luke, "do or do not");
            assertCarries(luke, yoda, "there is no try");
        }
    }

    @Test
    void aRecordingRelayBetweenThePeersSeesOnlyTlsNeverTheTextOrTheToken() throws Exception {
        TestServer server = SERVERS.start();
        RecordingRelay[] relay = new RecordingRelay[1];
        IntUnaryOperator throughRelay = bound -> {
            try {
                relay[0] = new RecordingRelay(bound);
                return relay[0].port();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        try (HeadlessPeer yoda = HeadlessPeer.login(server, "yoda", "jedi", IntUnaryOperator.identity());
             HeadlessPeer luke = HeadlessPeer.login(server, "luke", "force", throughRelay);
             RecordingRelay onThePath = relay[0]) {
            openChat(yoda, luke);
            String secret = "the plans are in R2 " + UUID.randomUUID();
            String reply = "never tell me the odds " + UUID.randomUUID();
            assertCarries(yoda, luke, secret);
            assertCarries(luke, yoda, reply);

            byte[] seen = onThePath.recorded();
            String asText = new String(seen, UTF_8);
            assertThat(seen.length).as("the link went through the relay").isGreaterThan(1000);
            assertThat(seen[0]).as("a TLS handshake record opens the connection").isEqualTo((byte) 0x16);
            assertThat(asText).doesNotContain(secret).doesNotContain(reply).doesNotContain("the plans are in")
                    .doesNotContain(luke.event(Event.PrivateExpect.class).token())
                    .doesNotContain("link-hello").doesNotContain("link-message");
        }
    }

    @Test
    void theLinkDoesNotGoThroughTheServerItOutlivesIt() throws Exception {
        TestServer server = SERVERS.start();
        try (HeadlessPeer yoda = HeadlessPeer.login(server, "yoda", "jedi", IntUnaryOperator.identity());
             HeadlessPeer luke = HeadlessPeer.login(server, "luke", "force", IntUnaryOperator.identity())) {
            openChat(yoda, luke);

            server.close();
            await().atMost(PATIENCE).until(() -> !yoda.client.isOpen() && !luke.client.isOpen());

            assertCarries(yoda, luke, "the server is gone");
            assertCarries(luke, yoda, "and we are still talking");
        }
    }
}
