package org.parley.client.link;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.Optional;
import org.parley.protocol.LinkFrame;
import org.parley.protocol.Validation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An established link, either side. The peer is authenticated, so a frame we cannot use (not JSON, a
 * bad text, a second Hello) is dropped and logged rather than ending the chat; a line over the limit or
 * any I/O error closes the link, which then counts as lost. Frames arriving after we stopped the link
 * ourselves are ignored.
 */
final class LinkHandler extends SimpleChannelInboundHandler<LinkFrame> {

    private static final Logger log = LoggerFactory.getLogger(LinkHandler.class);

    private final PeerLink link;
    private final LinkRegistry registry;
    private final PrivateLinkListener listener;

    LinkHandler(PeerLink link, LinkRegistry registry, PrivateLinkListener listener) {
        this.link = link;
        this.registry = registry;
        this.listener = listener;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, LinkFrame frame) {
        if (!registry.isCurrent(link)) {
            return;
        }
        if (frame instanceof LinkFrame.Message message) {
            deliver(message.text());
        } else if (frame instanceof LinkFrame.Close close) {
            ended(close.reason());
            ctx.close();
        } else {
            log.debug("dropped unexpected {} on the link with {}", frame.getClass().getSimpleName(), link.peer());
        }
    }

    private void deliver(String text) {
        Optional<String> problem = Validation.textProblem(text);
        if (problem.isPresent()) {
            log.debug("dropped a message from {}: {}", link.peer(), problem.get());
            return;
        }
        listener.messageReceived(link.peer(), text);
    }

    private void ended(LinkFrame.Close.Reason reason) {
        if (!registry.remove(link)) {
            return;
        }
        if (reason == LinkFrame.Close.Reason.LOGOUT) {
            listener.peerLoggedOut(link.peer());
        } else {
            // STOPPED, or a reason from a newer peer that we do not know: either way the chat is over.
            listener.linkStopped(link.peer(), true);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (registry.retireLost(link)) {
            listener.linkLost(link.peer());
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedFrameException) {
            log.debug("dropped an unreadable frame from {}: {}", link.peer(), cause.getMessage());
            return;
        }
        log.debug("closing the link with {}: {}", link.peer(), cause.toString());
        ctx.close();
    }
}
