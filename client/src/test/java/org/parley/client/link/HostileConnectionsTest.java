package org.parley.client.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.parley.client.link.LinkNodes.assertCarries;
import static org.parley.client.link.LinkNodes.link;
import static org.parley.client.link.LinkNodes.newToken;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.client.link.LinkNodes.Node;
import org.parley.protocol.Limits;
import org.parley.protocol.LinkFrame;
import org.parley.tls.Fingerprint;
import org.parley.tls.TlsIdentity;

/**
 * Strangers and broken peers on luke's private-chat port. Each is dropped without a word, counted once,
 * and the good link between leia and luke keeps working afterwards. Strangers come in clear (plain TCP),
 * over TLS without a certificate, or over TLS with a certificate of their own; the peers that get past
 * TLS (vader, whose key luke was told to expect) then test the link protocol behind it.
 */
class HostileConnectionsTest {

    private final LinkNodes nodes = new LinkNodes();
    private final Node luke = nodes.start("luke", LinkSettings.defaults().withHandshakeTimeout(Duration.ofSeconds(1)));
    private final Node leia = nodes.start("leia");
    private final Node yoda = nodes.start("yoda");
    /** A peer driven by hand whose key luke is told to expect in some tests. */
    private final TlsIdentity vaderKey = RawPeer.newIdentity();

    @BeforeEach
    void goodLink() throws Exception {
        link(leia, luke);
    }

    @AfterEach
    void tearDown() {
        nodes.close();
    }

    private Fingerprint lukeKey() {
        return luke.links().fingerprint();
    }

    private String vader() {
        return vaderKey.fingerprint().value();
    }

    /** vader over TLS with his own certificate, which luke may or may not have been told to expect. */
    private RawPeer vaderOverTls() throws Exception {
        return RawPeer.connectTls(luke.links().port(), vaderKey, lukeKey());
    }

    /** A stranger in clear gets nothing but, perhaps, the TLS layer's one alert as it is shut out. */
    private static void assertShutOutInClear(RawPeer plain) throws Exception {
        byte[] got = plain.awaitClosedInClear();
        assertThat(RawPeer.isNothingOrOneTlsAlert(got)).as("got %s", java.util.HexFormat.of().formatHex(got)).isTrue();
    }

    private void assertGoodLinkUnharmed() {
        assertCarries(leia, luke);
        assertCarries(luke, leia);
        assertThat(luke.links().peers()).containsExactly("leia");
    }

    /** Counted once (and so logged once: both happen together), and still once after the good link was used. */
    private void assertRefusedOnce(long before) {
        await().untilAsserted(() -> assertThat(luke.links().refusedConnections()).isEqualTo(before + 1));
        assertGoodLinkUnharmed();
        assertThat(luke.links().refusedConnections()).isEqualTo(before + 1);
    }

    /** yoda, whom luke expects, still gets through after whatever the stranger did. */
    private void assertExpectedPeerStillConnects(String token) throws Exception {
        yoda.links().connect("luke", "127.0.0.1", luke.links().port(), token, luke.key()).get(10, TimeUnit.SECONDS);
        assertCarries(yoda, luke);
        assertCarries(luke, yoda);
    }

    @Test
    void aStrangerWithItsOwnCertificateIsRefusedByTlsAndTheExpectedPeerStillConnects() throws Exception {
        String token = newToken();
        luke.links().expect("yoda", token, yoda.key());
        long before = luke.links().refusedConnections();

        try (RawPeer stranger = vaderOverTls()) {
            stranger.send(new LinkFrame.Hello("yoda", token));

            assertThat(stranger.refusedByTlsAlert()).as("refused by TLS, before any frame is read").isTrue();
        }
        assertRefusedOnce(before);
        assertThat(luke.events()).doesNotContain("opened yoda");
        assertGoodLinkUnharmed();
        assertExpectedPeerStillConnects(token);
    }

    @Test
    void aStrangerWithNoCertificateIsRefusedByTlsAndTheExpectedPeerStillConnects() throws Exception {
        String token = newToken();
        luke.links().expect("yoda", token, yoda.key());
        long before = luke.links().refusedConnections();

        try (RawPeer stranger = RawPeer.connectTls(luke.links().port(), null, lukeKey())) {
            stranger.send(new LinkFrame.Hello("yoda", token));

            assertThat(stranger.awaitClosedByOtherSide()).isZero();
        }
        assertRefusedOnce(before);
        assertGoodLinkUnharmed();
        assertExpectedPeerStillConnects(token);
    }

    @Test
    void aHelloInClearWithTheRightTokenIsRefusedAndTheTokenStaysGood() throws Exception {
        String token = newToken();
        luke.links().expect("yoda", token, yoda.key());
        long before = luke.links().refusedConnections();

        try (RawPeer plain = RawPeer.connect(luke.links().port())) {
            plain.send(new LinkFrame.Hello("yoda", token));

            assertShutOutInClear(plain);
        }
        assertRefusedOnce(before);
        assertGoodLinkUnharmed();
        assertExpectedPeerStillConnects(token);
    }

    @Test
    void aTokenStolenByAnExpectedPeerIsRefusedForItsCertificateAndStaysGoodForTheRightOne() throws Exception {
        // luke expects vader too, so vader's certificate passes TLS; but yoda's token was issued with yoda's key
        luke.links().expect("vader", newToken(), vader());
        String token = newToken();
        luke.links().expect("yoda", token, yoda.key());
        long before = luke.links().refusedConnections();

        try (RawPeer thief = vaderOverTls()) {
            thief.send(new LinkFrame.Hello("yoda", token));

            assertThat(thief.refusedByTlsAlert()).as("TLS let the expected certificate in; the token check refused it")
                    .isFalse();
        }
        assertRefusedOnce(before);
        assertThat(luke.events()).doesNotContain("opened yoda");
        assertGoodLinkUnharmed();
        assertExpectedPeerStillConnects(token);
    }

    @Test
    void strangerWithARandomTokenIsDropped() throws Exception {
        luke.links().expect("vader", newToken(), vader());
        try (RawPeer vader = vaderOverTls()) {
            vader.send(new LinkFrame.Hello("vader", newToken()));

            assertThat(vader.awaitClosedByOtherSide()).isZero();
        }
        assertGoodLinkUnharmed();
        assertThat(luke.events()).doesNotContain("opened vader");
    }

    @Test
    void replayOfAUsedTokenIsDropped() throws Exception {
        String token = newToken();
        luke.links().expect("yoda", token, yoda.key());
        yoda.links().connect("luke", "127.0.0.1", luke.links().port(), token, luke.key()).get(10, TimeUnit.SECONDS);
        yoda.links().stop("luke");
        await().untilAsserted(() -> assertThat(luke.links().hasLink("yoda")).isFalse());
        luke.links().expect("vader", newToken(), vader());

        try (RawPeer replay = vaderOverTls()) {
            replay.send(new LinkFrame.Hello("yoda", token));

            assertThat(replay.awaitClosedByOtherSide()).isZero();
        }
        assertThat(luke.links().hasLink("yoda")).isFalse();
        assertGoodLinkUnharmed();
    }

    @Test
    void tokenPresentedUnderTheWrongNameIsDroppedAndStaysGoodForTheRightPeer() throws Exception {
        String token = newToken();
        luke.links().expect("yoda", token, yoda.key());
        luke.links().expect("vader", newToken(), vader());

        try (RawPeer vader = vaderOverTls()) {
            vader.send(new LinkFrame.Hello("vader", token));

            assertThat(vader.awaitClosedByOtherSide()).isZero();
        }
        assertGoodLinkUnharmed();
        assertExpectedPeerStillConnects(token);
    }

    @Test
    void garbageBytesAreDropped() throws Exception {
        byte[] garbage = new byte[1000];
        new Random(42).nextBytes(garbage);
        garbage[garbage.length - 1] = '\n';
        long before = luke.links().refusedConnections();

        try (RawPeer noise = RawPeer.connect(luke.links().port())) {
            noise.sendBytes(garbage);

            assertShutOutInClear(noise);
        }
        assertRefusedOnce(before);
        assertGoodLinkUnharmed();
    }

    @Test
    void garbageInsideTlsFromAnExpectedCertificateIsDropped() throws Exception {
        byte[] garbage = new byte[1000];
        new Random(7).nextBytes(garbage);
        garbage[garbage.length - 1] = '\n';
        luke.links().expect("vader", newToken(), vader());

        try (RawPeer noise = vaderOverTls()) {
            noise.sendBytes(garbage);

            assertThat(noise.awaitClosedByOtherSide()).isZero();
        }
        assertGoodLinkUnharmed();
    }

    @Test
    void textThatIsNotJsonIsDropped() throws Exception {
        try (RawPeer chatty = RawPeer.connect(luke.links().port())) {
            chatty.sendLine("hello luke, let me in");

            assertShutOutInClear(chatty);
        }
        assertGoodLinkUnharmed();
    }

    @Test
    void anOversizedLineIsDropped() throws Exception {
        byte[] endless = new byte[Limits.MAX_FRAME_BYTES + 10_000];
        Arrays.fill(endless, (byte) 'a');
        luke.links().expect("vader", newToken(), vader());

        try (RawPeer flood = vaderOverTls()) {
            try {
                flood.sendBytes(endless);
            } catch (SocketException closedWhileWriting) {
                // Luke may close before the whole line is written: that is the point.
            }

            assertThat(flood.awaitClosedByOtherSide()).isZero();
        }
        assertGoodLinkUnharmed();
    }

    @Test
    void anyFirstFrameOtherThanHelloIsDropped() throws Exception {
        luke.links().expect("vader", newToken(), vader());
        try (RawPeer eager = vaderOverTls()) {
            eager.send(new LinkFrame.Message("hi luke"));

            assertThat(eager.awaitClosedByOtherSide()).isZero();
        }
        assertThat(luke.events()).noneMatch(e -> e.contains("hi luke"));
        assertGoodLinkUnharmed();
    }

    @Test
    void helloWithAMalformedNameIsDropped() throws Exception {
        luke.links().expect("vader", newToken(), vader());
        try (RawPeer odd = vaderOverTls()) {
            odd.sendLine("{\"type\":\"link-hello\",\"from\":\"two words\",\"token\":\"x\"}");

            assertThat(odd.awaitClosedByOtherSide()).isZero();
        }
        assertGoodLinkUnharmed();
    }

    @Test
    void aSilentConnectionIsDroppedAfterTheHandshakeTimeout() throws Exception {
        long before = luke.links().refusedConnections();
        try (RawPeer silent = RawPeer.connect(luke.links().port())) {
            assertShutOutInClear(silent);
        }
        assertRefusedOnce(before);
        assertGoodLinkUnharmed();
    }

    @Test
    void aSilentPeerInsideTlsIsDroppedAfterTheHandshakeTimeout() throws Exception {
        luke.links().expect("vader", newToken(), vader());
        try (RawPeer silent = vaderOverTls()) {
            assertThat(silent.awaitClosedByOtherSide()).isZero();
        }
        assertGoodLinkUnharmed();
    }

    @Test
    void aSecondLinkFromALinkedPeerIsRefusedAndTheFirstKept() throws Exception {
        String token = newToken();
        TlsIdentity leiaTwin = RawPeer.newIdentity();
        luke.links().expect("leia", token, leiaTwin.fingerprint().value());

        try (RawPeer twin = RawPeer.connectTls(luke.links().port(), leiaTwin, lukeKey())) {
            twin.send(new LinkFrame.Hello("leia", token));

            assertThat(twin.awaitClosedByOtherSide()).isZero();
        }
        assertGoodLinkUnharmed();
    }

    @Test
    void manyStrangersAtOnceDoNotDisturbTheGoodLink() throws Exception {
        long before = luke.links().refusedConnections();
        RawPeer[] strangers = new RawPeer[20];
        for (int i = 0; i < strangers.length; i++) {
            strangers[i] = RawPeer.connect(luke.links().port());
        }
        assertGoodLinkUnharmed();
        for (RawPeer stranger : strangers) {
            stranger.send(new LinkFrame.Hello("vader", newToken()));
            assertShutOutInClear(stranger);
            stranger.close();
        }
        await().untilAsserted(() -> assertThat(luke.links().refusedConnections()).isEqualTo(before + strangers.length));
        assertGoodLinkUnharmed();
    }

    @Test
    void aPeerThatVanishesWithoutGoodbyeIsReportedLost() throws Exception {
        String token = newToken();
        luke.links().expect("vader", token, vader());
        try (RawPeer vader = vaderOverTls()) {
            vader.send(new LinkFrame.Hello("vader", token));
            assertThat(vader.receive()).isEqualTo(new LinkFrame.Ready("luke"));
        }

        await().untilAsserted(() -> assertThat(luke.events()).contains("lost vader"));
        assertThat(luke.heard().keyOf("vader")).isEqualTo(vaderKey.fingerprint());
        assertThat(luke.links().send("vader", "hello?")).isEqualTo(SendResult.PEER_GONE);
        assertGoodLinkUnharmed();
    }

    @Test
    void unusableFramesFromALinkedPeerAreDroppedAndTheLinkSurvives() throws Exception {
        String token = newToken();
        luke.links().expect("vader", token, vader());
        try (RawPeer vader = vaderOverTls()) {
            vader.send(new LinkFrame.Hello("vader", token));
            assertThat(vader.receive()).isEqualTo(new LinkFrame.Ready("luke"));

            vader.sendLine("not json at all");
            vader.send(new LinkFrame.Message("bell\u0007"));
            vader.send(new LinkFrame.Message(""));
            vader.send(new LinkFrame.Hello("vader", token));
            vader.send(new LinkFrame.Message("I am your father"));

            await().untilAsserted(() -> assertThat(luke.events()).contains("vader: I am your father"));
            assertThat(luke.events()).noneMatch(e -> e.startsWith("vader: ") && !e.equals("vader: I am your father"));
            assertThat(luke.links().hasLink("vader")).isTrue();
        }
        assertGoodLinkUnharmed();
    }

    @Test
    void anOversizedLineFromALinkedPeerEndsThatLinkOnly() throws Exception {
        String token = newToken();
        luke.links().expect("vader", token, vader());
        byte[] endless = new byte[Limits.MAX_FRAME_BYTES + 10_000];
        Arrays.fill(endless, (byte) 'a');
        try (RawPeer vader = vaderOverTls()) {
            vader.send(new LinkFrame.Hello("vader", token));
            assertThat(vader.receive()).isEqualTo(new LinkFrame.Ready("luke"));

            try {
                vader.sendBytes(endless);
            } catch (SocketException closedWhileWriting) {
                // Luke may close before the whole line is written.
            }
            vader.awaitClosedByOtherSide();
        }

        await().untilAsserted(() -> assertThat(luke.events()).contains("lost vader"));
        assertGoodLinkUnharmed();
    }

    @Test
    void aPeerThatStopsReadingIsCutOffInsteadOfGrowingOurMemory() throws Exception {
        Node obiwan = nodes.start("obiwan", LinkSettings.defaults().withMaxPendingWriteBytes(64 * 1024));
        String token = newToken();
        obiwan.links().expect("vader", token, vader());
        try (RawPeer vader = RawPeer.connectTls(obiwan.links().port(), vaderKey, obiwan.links().fingerprint(), 4096)) {
            vader.send(new LinkFrame.Hello("vader", token));
            await().untilAsserted(() -> assertThat(obiwan.events()).contains("opened vader"));

            String text = "x".repeat(Limits.MAX_TEXT_CHARS);
            SendResult result = SendResult.SENT;
            for (int i = 0; i < 50_000 && result == SendResult.SENT; i++) {
                result = obiwan.links().send("vader", text);
            }

            assertThat(result).isEqualTo(SendResult.PEER_GONE);
            assertThat(obiwan.links().hasLink("vader")).isFalse();
            assertThat(obiwan.links().send("vader", "still there?")).isEqualTo(SendResult.NOT_ENABLED);
        }
    }

    @Test
    void aReadyThatArrivesAfterLogoutDoesNotOpenALink() throws Exception {
        TlsIdentity fakeLukeKey = RawPeer.newIdentity();
        try (ServerSocket fakeLuke = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var opened = yoda.links().connect("luke", "127.0.0.1", fakeLuke.getLocalPort(), newToken(),
                    fakeLukeKey.fingerprint().value());
            try (RawPeer luke = RawPeer.acceptTls(fakeLuke.accept(), fakeLukeKey)) {
                assertThat(luke.receive()).isInstanceOf(LinkFrame.Hello.class);

                yoda.links().closeAll(LinkFrame.Close.Reason.LOGOUT).get(5, TimeUnit.SECONDS);
                luke.send(new LinkFrame.Ready("luke"));

                assertThat(luke.awaitClosedByOtherSide()).isZero();
            }
            await().until(opened::isDone);
            assertThat(opened).isCompletedExceptionally();
            assertThat(yoda.links().peers()).isEmpty();
            assertThat(yoda.events()).isEmpty();
        }
    }

    @Test
    void anImpostorWithAnotherKeyNeverGetsTheTokenAndTheAskerIsToldWhy() throws Exception {
        TlsIdentity impostorKey = RawPeer.newIdentity();
        try (ServerSocket impostor = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var opened = yoda.links().connect("luke", "127.0.0.1", impostor.getLocalPort(), newToken(), luke.key());

            // yoda refuses the impostor's certificate inside the TLS handshake, before any frame is sent; the
            // impostor sees the alert, or, when yoda's close overtakes the end of its own flight, a broken pipe
            assertThatThrownBy(() -> RawPeer.acceptTls(impostor.accept(), impostorKey))
                    .isInstanceOfAny(SSLException.class, SocketException.class);

            await().until(opened::isDone);
            assertThat(opened).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(LinkRefusedException.class)
                    .withMessageContaining("presented the key " + impostorKey.fingerprint());
            assertThat(yoda.links().peers()).isEmpty();
            assertThat(yoda.events()).isEmpty();
        }
    }

    @Test
    void aSilentListenerFailsTheConnectAfterTheHandshakeTimeout() throws Exception {
        Node han = nodes.start("han", LinkSettings.defaults().withHandshakeTimeout(Duration.ofMillis(300)));
        try (ServerSocket mute = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var opened = han.links().connect("luke", "127.0.0.1", mute.getLocalPort(), newToken(), luke.key());
            try (RawPeer ignored = RawPeer.wrap(mute.accept())) {
                await().until(opened::isDone);
                assertThat(opened).isCompletedExceptionally();
                assertThat(han.links().hasLink("luke")).isFalse();
            }
        }
    }
}
