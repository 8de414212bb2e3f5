package org.parley.client.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class LinkRegistryTest {

    private final LinkRegistry registry = new LinkRegistry();

    private static PeerLink linkTo(String peer) {
        return new PeerLink(peer, new EmbeddedChannel());
    }

    @Test
    void aDeadLinkFoundBySendIsReportedBySendOnly() {
        PeerLink link = linkTo("luke");
        registry.admitIncoming(link);
        link.abort();

        assertThat(registry.live("luke")).isNull();
        assertThat(registry.takeLost("luke")).isTrue();
        assertThat(registry.retireLost(link)).as("the handler must not report it again").isFalse();
        assertThat(registry.takeLost("luke")).isFalse();
    }

    @Test
    void aLinkLostByTheHandlerIsReportedOnceMoreBySend() {
        PeerLink link = linkTo("luke");
        registry.admitIncoming(link);

        assertThat(registry.retireLost(link)).isTrue();
        assertThat(registry.retireLost(link)).isFalse();
        assertThat(registry.live("luke")).isNull();
        assertThat(registry.takeLost("luke")).isTrue();
        assertThat(registry.takeLost("luke")).isFalse();
    }

    @Test
    void anOrderlyEndIsNotALoss() {
        PeerLink link = linkTo("luke");
        registry.admitIncoming(link);

        assertThat(registry.remove(link)).isTrue();
        assertThat(registry.retireLost(link)).isFalse();
        assertThat(registry.takeLost("luke")).isFalse();
    }

    @Test
    void onePeerOneLink() {
        registry.admitIncoming(linkTo("luke"));

        assertThat(registry.admitIncoming(linkTo("luke"))).isFalse();
        assertThat(registry.reserve("luke")).isFalse();
    }

    @Test
    void anIncomingLinkIsRefusedWhileConnectingToThatPeer() {
        assertThat(registry.reserve("luke")).isTrue();

        assertThat(registry.admitIncoming(linkTo("luke"))).isFalse();
        assertThat(registry.admitOutgoing(linkTo("luke"))).isTrue();
    }

    @Test
    void anOutgoingLinkNeedsItsReservation() {
        assertThat(registry.admitOutgoing(linkTo("luke"))).isFalse();

        registry.reserve("luke");
        registry.removeAll();

        assertThat(registry.admitOutgoing(linkTo("luke"))).isFalse();
    }

    @Test
    void aNewLinkClearsAnOldLoss() {
        PeerLink old = linkTo("luke");
        registry.admitIncoming(old);
        registry.retireLost(old);

        registry.admitIncoming(linkTo("luke"));

        assertThat(registry.takeLost("luke")).isFalse();
        assertThat(registry.has("luke")).isTrue();
    }

    @Test
    void nothingIsAdmittedAfterShutdown() {
        registry.shutDown();

        assertThat(registry.reserve("luke")).isFalse();
        assertThat(registry.admitIncoming(linkTo("luke"))).isFalse();
    }

    @Test
    void peersListsOnlyLinksThatAreUp() {
        PeerLink dead = linkTo("vader");
        registry.admitIncoming(linkTo("luke"));
        registry.admitIncoming(dead);
        dead.abort();

        assertThat(registry.peers()).containsExactly("luke");
        assertThat(registry.has("vader")).isFalse();
    }

    @Test
    void aCommandCanWaitForALinkBeingSetUpFromEitherSide() {
        assertThat(registry.whenOpen("luke", 0)).as("nothing being set up: no wait").isNull();

        registry.expecting("luke", 1_000);
        var incoming = registry.whenOpen("luke", 0);
        assertThat(incoming).isNotDone();
        registry.admitIncoming(linkTo("luke"));
        assertThat(incoming).isCompletedWithValue(true);
        assertThat(registry.whenOpen("luke", 0)).isCompletedWithValue(true);

        registry.reserve("leia");
        var outgoing = registry.whenOpen("leia", 0);
        registry.release("leia");
        assertThat(outgoing).as("the connect failed").isCompletedWithValue(false);
    }

    @Test
    void anExpectationPastItsTokensLifetimeIsNoLongerASetUp() {
        registry.expecting("luke", 1_000);
        assertThat(registry.whenOpen("luke", 2_000)).isNull();
    }
}
