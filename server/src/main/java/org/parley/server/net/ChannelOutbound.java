package org.parley.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.ChannelFutureListener;
import java.net.InetSocketAddress;
import org.parley.protocol.Frame;
import org.parley.server.core.EncodedFrame;
import org.parley.server.core.Outbound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core's handle on one channel. A client that stops reading is disconnected once more than
 * {@code maxPendingBytes} wait for it, instead of growing the server's memory (SPEC 8).
 */
final class ChannelOutbound implements Outbound {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelOutbound.class);

    private final Channel channel;
    private final long maxPendingBytes;
    private final String ip;

    ChannelOutbound(Channel channel, long maxPendingBytes) {
        this.channel = channel;
        this.maxPendingBytes = maxPendingBytes;
        this.ip = channel.remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "unknown";
    }

    @Override
    public void send(Frame frame) {
        write(frame);
    }

    @Override
    public void send(EncodedFrame frame) {
        write(frame);
    }

    private void write(Object msg) {
        if (!tooFarBehind()) {
            channel.writeAndFlush(msg, channel.voidPromise());
        }
    }

    EventLoop eventLoop() {
        return channel.eventLoop();
    }

    /** On the channel's own event loop only: queue bytes, the caller flushes. */
    void writeWithoutFlush(ByteBuf bytes) {
        if (tooFarBehind()) {
            bytes.release();
            return;
        }
        channel.write(bytes, channel.voidPromise());
    }

    void flush() {
        channel.flush();
    }

    private boolean tooFarBehind() {
        if (!channel.isWritable() && channel.bytesBeforeWritable() > maxPendingBytes) {
            LOG.info("closing {}: it stopped reading ({} bytes pending)", ip, channel.bytesBeforeWritable());
            channel.close();
            return true;
        }
        return false;
    }

    @Override
    public void close() {
        channel.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public String remoteIp() {
        return ip;
    }
}
