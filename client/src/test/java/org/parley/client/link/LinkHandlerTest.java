package org.parley.client.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.parley.protocol.LinkFrame;

class LinkHandlerTest {

    private final LinkRegistry registry = new LinkRegistry();
    private final RecordingListener heard = new RecordingListener();
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final PeerLink link = new PeerLink("luke", channel);

    LinkHandlerTest() {
        registry.admitIncoming(link);
        channel.pipeline().addLast(new LinkHandler(link, registry, heard));
    }

    @Test
    void framesArrivingAfterWeStoppedTheLinkAreIgnored() {
        registry.removePeer("luke");

        channel.writeInbound(new LinkFrame.Message("late"), new LinkFrame.Close(LinkFrame.Close.Reason.STOPPED));

        assertThat(heard.events()).isEmpty();
    }

    @Test
    void aCloseWithAReasonWeDoNotKnowStopsTheChat() {
        channel.writeInbound(new LinkFrame.Close(null));

        assertThat(heard.events()).containsExactly("stopped luke by peer");
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void aLogoutEndsTheChatWithoutALoss() {
        channel.writeInbound(new LinkFrame.Close(LinkFrame.Close.Reason.LOGOUT));

        assertThat(heard.events()).containsExactly("logged out luke");
        assertThat(registry.has("luke")).isFalse();
    }

    @Test
    void aCloseWithoutGoodbyeIsALoss() {
        channel.close();

        assertThat(heard.events()).containsExactly("lost luke");
    }
}
