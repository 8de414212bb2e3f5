package org.parley.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import java.net.InetSocketAddress;
import org.parley.protocol.Frame;
import org.parley.server.core.EncodedFrame;
import org.parley.server.core.Outbound;
import org.parley.server.core.metrics.CoreMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core's handle on one channel. Everything sent goes through the channel's I/O thread's
 * {@link LoopOutbox}, so frames keep the order they were sent in whether they went to one connection or
 * to many. A client that stops reading is disconnected once more than {@code maxPendingBytes} wait for
 * it, instead of growing the server's memory (SPEC 8).
 */
final class ChannelOutbound implements Outbound {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelOutbound.class);

    /** The name of the pipeline's dead-connection timer ({@link ServerPipeline}). */
    static final String IDLE_HANDLER = "idle";
    /** Silence, in heartbeats, after which a connection that promised them is taken for dead. */
    static final int DEAD_AFTER_HEARTBEATS = 3;

    final RunMarks marks = new RunMarks();

    private final Channel channel;
    private final ChannelHandlerContext wire;
    private final LoopOutbox outbox;
    private final long maxPendingBytes;
    private final String ip;
    private final CoreMetrics metrics;
    /** Set on the core thread at login, read on the I/O thread when cutting the connection off. */
    private volatile String user;
    /** I/O thread only: the cut-off is logged once, however many writes still arrive. */
    private boolean cutOff;

    /**
     * {@code wire} is the context of the handler just after TLS ({@link ServerPipeline#WIRE}): encoded
     * bytes written there go through the SslHandler (when there is one) to the socket, past the encoder
     * and past flush consolidation (the outbox flushes once per run of its own). A fan-out buffer shared
     * by many channels is thus encrypted once per channel, as it must be: each has its own keys.
     * On a WebSocket channel it is {@link WebPipeline#wire}'s context instead, whose outbound neighbour
     * turns each line into one text frame (and TLS, when on, sits further toward the socket).
     */
    ChannelOutbound(Channel channel, ChannelHandlerContext wire, LoopOutbox outbox, long maxPendingBytes) {
        this(channel, wire, outbox, maxPendingBytes, CoreMetrics.NONE);
    }

    /** As above, counting slow-reader cut-offs in {@code metrics}. */
    ChannelOutbound(Channel channel, ChannelHandlerContext wire, LoopOutbox outbox, long maxPendingBytes,
            CoreMetrics metrics) {
        this.metrics = metrics;
        this.channel = channel;
        this.wire = wire;
        this.outbox = outbox;
        this.maxPendingBytes = maxPendingBytes;
        this.ip = channel.remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "unknown";
    }

    @Override
    public void send(Frame frame) {
        outbox.toOne(this, frame);
    }

    @Override
    public void send(EncodedFrame frame) {
        outbox.toOne(this, frame);
    }

    @Override
    public void close() {
        outbox.toOne(this, LoopOutbox.CLOSE);
    }

    @Override
    public String remoteIp() {
        return ip;
    }

    @Override
    public void loggedInAs(String username) {
        this.user = username;
    }

    LoopOutbox outbox() {
        return outbox;
    }

    /** On the channel's I/O thread: queues a frame (or closes), the outbox flushes. */
    void writeFrame(Object message) {
        if (message == LoopOutbox.CLOSE) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else if (!tooFarBehind()) {
            channel.write(message, channel.voidPromise());
        }
    }

    /** On the channel's I/O thread: queues encoded bytes (taking ownership), the outbox flushes. */
    void writeEncoded(ByteBuf bytes) {
        if (tooFarBehind()) {
            bytes.release();
            return;
        }
        wire.write(bytes, channel.voidPromise());
    }

    /** Replaces the pipeline's dead-connection timer by one of three heartbeats (on the channel's loop). */
    @Override
    public void expectHeartbeat(java.time.Duration heartbeat) {
        long silence = heartbeat.toMillis() * DEAD_AFTER_HEARTBEATS;
        channel.eventLoop().execute(() -> {
            var timer = new io.netty.handler.timeout.IdleStateHandler(silence, 0, 0, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (channel.pipeline().get(IDLE_HANDLER) != null) {
                channel.pipeline().replace(IDLE_HANDLER, IDLE_HANDLER, timer);
            } else if (channel.isActive()) {
                // where the pipeline would have had it: right after the wire context, before the framing
                channel.pipeline().addAfter(wire.name(), IDLE_HANDLER, timer);
            }
        });
    }

    void flushWritten() {
        wire.flush();
    }

    private boolean tooFarBehind() {
        if (cutOff) {
            return true;
        }
        if (!channel.isActive()) {
            // gone already (the core hears of it from channelInactive): nothing to send it, and a closed
            // channel reports Long.MAX_VALUE bytes before writable, which is not a slow reader
            return true;
        }
        if (!channel.isWritable() && channel.bytesBeforeWritable() > maxPendingBytes) {
            cutOff = true;
            metrics.slowReaderCutOff();
            // WARN, so an operator sees it with --quiet: the user will only see "connection lost".
            LOG.warn("disconnecting {} ({}): it stopped reading, {} bytes wait for it, more than the limit of {}",
                    user != null ? user : "a connection not logged in", channel.remoteAddress(),
                    channel.bytesBeforeWritable(), maxPendingBytes);
            channel.close();
            return true;
        }
        return false;
    }
}
