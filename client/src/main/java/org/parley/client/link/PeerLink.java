package org.parley.client.link;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import org.parley.protocol.LinkFrame;

/** One established link: the peer's name and the channel to it. */
final class PeerLink {

    private final String peer;
    private final Channel channel;

    PeerLink(String peer, Channel channel) {
        this.peer = peer;
        this.channel = channel;
    }

    String peer() {
        return peer;
    }

    boolean isActive() {
        return channel.isActive();
    }

    /** False while more than the configured high-water mark is queued towards the peer. */
    boolean isWritable() {
        return channel.isWritable();
    }

    /** A failed write means the connection is broken: closing it lets the link handler report the loss. */
    void send(String text) {
        channel.writeAndFlush(new LinkFrame.Message(text)).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }

    /** Says goodbye, then closes whether or not the goodbye could be written. */
    ChannelFuture close(LinkFrame.Close.Reason reason) {
        channel.writeAndFlush(new LinkFrame.Close(reason)).addListener(ChannelFutureListener.CLOSE);
        return channel.closeFuture();
    }

    void abort() {
        channel.close();
    }
}
