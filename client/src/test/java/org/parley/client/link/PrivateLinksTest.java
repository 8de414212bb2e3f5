package org.parley.client.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.parley.client.link.LinkNodes.assertCarries;
import static org.parley.client.link.LinkNodes.crash;
import static org.parley.client.link.LinkNodes.link;
import static org.parley.client.link.LinkNodes.newToken;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parley.client.link.LinkNodes.Node;
import org.parley.protocol.Limits;
import org.parley.protocol.LinkFrame;

class PrivateLinksTest {

    private final LinkNodes nodes = new LinkNodes();
    private final Node yoda = nodes.start("yoda");
    private final Node luke = nodes.start("luke");

    @AfterEach
    void tearDown() {
        nodes.close();
    }

    @Test
    void connectingWithTheExpectedTokenOpensTheLinkOnBothSides() throws Exception {
        link(yoda, luke);

        assertThat(yoda.links().hasLink("luke")).isTrue();
        assertThat(luke.links().hasLink("yoda")).isTrue();
        assertThat(yoda.links().peers()).containsExactly("luke");
        assertThat(luke.links().peers()).containsExactly("yoda");
    }

    @Test
    void messagesFlowBothWaysInOrder() throws Exception {
        link(yoda, luke);

        assertThat(yoda.links().send("luke", "do or do not")).isEqualTo(SendResult.SENT);
        assertThat(yoda.links().send("luke", "there is no try")).isEqualTo(SendResult.SENT);
        assertThat(luke.links().send("yoda", "I don't believe it")).isEqualTo(SendResult.SENT);

        await().untilAsserted(() -> assertThat(luke.events())
                .containsSubsequence("yoda: do or do not", "yoda: there is no try"));
        await().untilAsserted(() -> assertThat(yoda.events()).contains("luke: I don't believe it"));
    }

    @Test
    void stopByTheAskerTellsBothSides() throws Exception {
        link(yoda, luke);

        assertThat(yoda.links().stop("luke")).isTrue();

        assertThat(yoda.events()).contains("stopped luke by me");
        await().untilAsserted(() -> assertThat(luke.events()).contains("stopped yoda by peer"));
        assertThat(yoda.links().hasLink("luke")).isFalse();
        await().untilAsserted(() -> assertThat(luke.links().hasLink("yoda")).isFalse());
        assertThat(luke.events()).doesNotContain("lost yoda");
    }

    @Test
    void stopByTheTargetTellsBothSides() throws Exception {
        link(yoda, luke);

        assertThat(luke.links().stop("yoda")).isTrue();

        assertThat(luke.events()).contains("stopped yoda by me");
        await().untilAsserted(() -> assertThat(yoda.events()).contains("stopped luke by peer"));
        assertThat(yoda.links().send("luke", "still there?")).isEqualTo(SendResult.NOT_ENABLED);
        assertThat(yoda.events()).doesNotContain("lost luke");
    }

    @Test
    void stopWithoutALinkIsRefused() {
        assertThat(yoda.links().stop("luke")).isFalse();
        assertThat(yoda.events()).isEmpty();
    }

    @Test
    void closeAllOnLogoutTellsEveryPeerThatWeLoggedOut() throws Exception {
        Node leia = nodes.start("leia");
        link(yoda, luke);
        link(leia, yoda);

        yoda.links().closeAll(LinkFrame.Close.Reason.LOGOUT).get(5, TimeUnit.SECONDS);

        await().untilAsserted(() -> assertThat(luke.events()).contains("logged out yoda"));
        await().untilAsserted(() -> assertThat(leia.events()).contains("logged out yoda"));
        assertThat(yoda.links().peers()).isEmpty();
        assertThat(luke.links().send("yoda", "hello?")).isEqualTo(SendResult.NOT_ENABLED);
        assertThat(luke.events()).doesNotContain("lost yoda");
    }

    @Test
    void closeSaysGoodbyeAsLogout() throws Exception {
        link(yoda, luke);

        yoda.links().close();

        await().untilAsserted(() -> assertThat(luke.events()).contains("logged out yoda"));
    }

    @Test
    void aCrashedPeerIsReportedLost() throws Exception {
        Node vader = nodes.startCrashable("vader");
        link(yoda, vader);

        crash(vader);

        await().untilAsserted(() -> assertThat(yoda.events()).contains("lost vader"));
        assertThat(yoda.links().hasLink("vader")).isFalse();
    }

    @Test
    void sendAfterThePeerDiedReportsPeerGoneOnceThenNotEnabled() throws Exception {
        Node vader = nodes.startCrashable("vader");
        link(vader, yoda);
        crash(vader);
        await().untilAsserted(() -> assertThat(yoda.events()).contains("lost vader"));

        assertThat(yoda.links().send("vader", "are you there")).isEqualTo(SendResult.PEER_GONE);
        assertThat(yoda.links().send("vader", "are you there")).isEqualTo(SendResult.NOT_ENABLED);
    }

    @Test
    void sendToAPeerWithoutALinkIsNotEnabled() {
        assertThat(yoda.links().send("luke", "hello")).isEqualTo(SendResult.NOT_ENABLED);
    }

    @Test
    void invalidTextIsNotSent() throws Exception {
        link(yoda, luke);

        assertThat(yoda.links().send("luke", " ")).isEqualTo(SendResult.INVALID_TEXT);
        assertThat(yoda.links().send("luke", "bell\u0007")).isEqualTo(SendResult.INVALID_TEXT);
        assertThat(yoda.links().send("luke", "x".repeat(Limits.MAX_TEXT_CHARS + 1)))
                .isEqualTo(SendResult.INVALID_TEXT);
        assertCarries(yoda, luke);
        assertThat(luke.events()).noneMatch(e -> e.contains("bell"));
    }

    @Test
    void oneClientHoldsSeveralLinksAtOnce() throws Exception {
        Node leia = nodes.start("leia");
        link(yoda, luke);
        link(leia, yoda);

        for (int i = 0; i < 5; i++) {
            assertThat(luke.links().send("yoda", "luke " + i)).isEqualTo(SendResult.SENT);
            assertThat(leia.links().send("yoda", "leia " + i)).isEqualTo(SendResult.SENT);
            assertThat(yoda.links().send("luke", "to luke " + i)).isEqualTo(SendResult.SENT);
            assertThat(yoda.links().send("leia", "to leia " + i)).isEqualTo(SendResult.SENT);
        }

        await().untilAsserted(() -> assertThat(yoda.events())
                .containsSubsequence("luke: luke 0", "luke: luke 4")
                .containsSubsequence("leia: leia 0", "leia: leia 4"));
        await().untilAsserted(() -> assertThat(luke.events()).contains("yoda: to luke 4"));
        await().untilAsserted(() -> assertThat(leia.events()).contains("yoda: to leia 4"));
        assertThat(luke.events()).noneMatch(e -> e.contains("to leia"));
        assertThat(leia.events()).noneMatch(e -> e.contains("to luke"));
        assertThat(yoda.links().peers()).containsExactlyInAnyOrder("luke", "leia");

        yoda.links().stop("luke");
        assertCarries(leia, yoda);
        assertCarries(yoda, leia);
    }

    @Test
    void connectWithAWrongTokenFailsAndLeavesNoLink() {
        luke.links().expect("yoda", newToken(), yoda.key());

        CompletableFuture<Void> opened = yoda.links().connect("luke", "127.0.0.1", luke.links().port(), newToken(),
                luke.key());

        await().until(opened::isDone);
        assertThat(opened).isCompletedExceptionally();
        assertThat(yoda.links().hasLink("luke")).isFalse();
        assertThat(luke.links().hasLink("yoda")).isFalse();
    }

    @Test
    void aTokenOpensOnlyOneLink() throws Exception {
        String token = newToken();
        luke.links().expect("yoda", token, yoda.key());
        yoda.links().connect("luke", "127.0.0.1", luke.links().port(), token, luke.key()).get(10, TimeUnit.SECONDS);
        yoda.links().stop("luke");
        await().untilAsserted(() -> assertThat(luke.events()).contains("stopped yoda by peer"));

        CompletableFuture<Void> again = yoda.links().connect("luke", "127.0.0.1", luke.links().port(), token, luke.key());

        await().until(again::isDone);
        assertThat(again).isCompletedExceptionally();
    }

    @Test
    void connectToAnAlreadyLinkedPeerFails() throws Exception {
        link(yoda, luke);
        String token = newToken();
        luke.links().expect("yoda", token, yoda.key());

        CompletableFuture<Void> second = yoda.links().connect("luke", "127.0.0.1", luke.links().port(), token, luke.key());

        assertThat(second).isCompletedExceptionally();
        assertCarries(yoda, luke);
    }

    @Test
    void connectFailsWhenTheAnswerComesFromSomeoneElse() {
        Node leia = nodes.start("leia");
        String token = newToken();
        leia.links().expect("yoda", token, yoda.key());

        // The server said luke is at leia's port, with leia's key: leia says Ready as leia, so yoda must
        // not trust it even though the key matched.
        CompletableFuture<Void> opened = yoda.links().connect("luke", "127.0.0.1", leia.links().port(), token,
                leia.key());

        await().until(opened::isDone);
        assertThat(opened).isCompletedExceptionally();
        assertThat(yoda.links().hasLink("luke")).isFalse();
        assertThat(yoda.events()).isEmpty();
    }

    @Test
    void aListenerWithAnotherKeyThanTheServerGaveIsRefusedWithOneClearReason() {
        Node leia = nodes.start("leia");
        String token = newToken();
        leia.links().expect("yoda", token, yoda.key());

        // The server said luke is at leia's port, with luke's key: leia's port presents leia's certificate.
        CompletableFuture<Void> opened = yoda.links().connect("luke", "127.0.0.1", leia.links().port(), token,
                luke.key());

        await().until(opened::isDone);
        assertThat(opened).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(LinkRefusedException.class)
                .withMessage("luke's private port presented the key " + leia.key() + ", not " + luke.key()
                        + " that the server gave for luke; link refused (someone may be in between: compare"
                        + " fingerprints with luke)");
        assertThat(yoda.links().hasLink("luke")).isFalse();
        assertThat(leia.links().hasLink("yoda")).isFalse();
        assertThat(yoda.events()).isEmpty();
        assertThat(leia.events()).isEmpty();
    }

    @Test
    void aTargetThatWasGivenAnotherKeyForTheAskerRefusesItAndTheAskerIsToldWhy() {
        Node leia = nodes.start("leia");
        String token = newToken();
        // the server told luke that yoda's key is leia's
        luke.links().expect("yoda", token, leia.key());

        CompletableFuture<Void> opened = yoda.links().connect("luke", "127.0.0.1", luke.links().port(), token,
                luke.key());

        await().until(opened::isDone);
        assertThat(opened).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(LinkRefusedException.class)
                .withMessage("luke's client refused this client's key " + yoda.key()
                        + " (it was given another one, or no longer expects this link); link refused");
        assertThat(luke.links().hasLink("yoda")).isFalse();
        await().untilAsserted(() -> assertThat(luke.links().refusedConnections()).isEqualTo(1));
        assertThat(luke.events()).isEmpty();
    }

    @Test
    void eachClientHasItsOwnKeyAndTheLinkIsOpenedWithThePeersKey() throws Exception {
        assertThat(yoda.links().fingerprint()).isNotEqualTo(luke.links().fingerprint());
        assertThat(org.parley.protocol.Validation.isFingerprint(yoda.key())).isTrue();

        link(yoda, luke);

        assertThat(yoda.heard().keyOf("luke")).isEqualTo(luke.links().fingerprint());
        assertThat(luke.heard().keyOf("yoda")).isEqualTo(yoda.links().fingerprint());
    }

    @Test
    void aMalformedFingerprintFromTheServerIsRefusedBeforeAnyConnection() {
        assertThat(luke.links().expect("yoda", newToken(), "SHA256:nope")).isFalse();
        assertThat(luke.links().expect("yoda", newToken(), null)).isFalse();

        CompletableFuture<Void> opened = yoda.links().connect("luke", "127.0.0.1", luke.links().port(), newToken(),
                "SHA256:nope");

        assertThat(opened).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(LinkRefusedException.class)
                .withMessage("the server sent no valid key fingerprint for luke; link refused");
        assertThat(luke.links().refusedConnections()).isZero();
    }

    @Test
    void connectToAClosedPortFails() throws Exception {
        Node ghost = nodes.start("ghost");
        int port = ghost.links().port();
        ghost.links().close();

        CompletableFuture<Void> opened = yoda.links().connect("ghost", "127.0.0.1", port, newToken(), ghost.key());

        await().until(opened::isDone);
        assertThat(opened).isCompletedExceptionally();
        assertThat(yoda.links().hasLink("ghost")).isFalse();
    }

    @Test
    void aLinkCanBeReopenedAfterItStopped() throws Exception {
        link(yoda, luke);
        luke.links().stop("yoda");
        await().untilAsserted(() -> assertThat(yoda.links().hasLink("luke")).isFalse());

        link(luke, yoda);

        assertCarries(luke, yoda);
        assertCarries(yoda, luke);
    }

    @Test
    void expectRefusesMalformedArguments() {
        assertThat(luke.links().expect("not a name", newToken(), yoda.key())).isFalse();
        assertThat(luke.links().expect("yoda", "", yoda.key())).isFalse();
        assertThat(luke.links().expect("yoda", null, yoda.key())).isFalse();
    }
}
