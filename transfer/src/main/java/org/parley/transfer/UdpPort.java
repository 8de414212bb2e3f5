package org.parley.transfer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.locks.LockSupport;
import org.parley.transfer.wire.DatagramOut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoint's one UDP socket. Non-blocking so the receive thread can tell when it has drained the socket
 * (that is when ACKs are flushed); sends that find the kernel buffer full back off briefly instead of
 * dropping, since the drop would only cost a retransmission later.
 */
final class UdpPort implements DatagramOut {
    private static final Logger log = LoggerFactory.getLogger(UdpPort.class);
    private static final int SEND_ATTEMPTS = 200;
    private static final long SEND_BACKOFF_NANOS = 50_000L;

    private final DatagramChannel channel;

    private UdpPort(DatagramChannel channel) {
        this.channel = channel;
    }

    static UdpPort bind(InetSocketAddress local, int bufferBytes) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            if (bufferBytes > 0) {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, bufferBytes);
                channel.setOption(StandardSocketOptions.SO_SNDBUF, bufferBytes);
            }
            channel.bind(local);
            channel.configureBlocking(false);
            return new UdpPort(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    DatagramChannel channel() {
        return channel;
    }

    int port() {
        return ((InetSocketAddress) localAddress()).getPort();
    }

    private java.net.SocketAddress localAddress() {
        try {
            return channel.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("the transfer endpoint is closed", e);
        }
    }

    int receiveBufferBytes() {
        try {
            return channel.getOption(StandardSocketOptions.SO_RCVBUF);
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void send(ByteBuffer datagram, InetSocketAddress to) {
        try {
            for (int attempt = 0; attempt < SEND_ATTEMPTS; attempt++) {
                if (channel.send(datagram, to) > 0 || !channel.isOpen()) {
                    return;
                }
                LockSupport.parkNanos(SEND_BACKOFF_NANOS);
            }
            log.debug("send buffer stayed full; datagram to {} dropped", to);
        } catch (IOException e) {
            log.debug("send to {} failed: {}", to, e.toString());
        }
    }

    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing the UDP socket", e);
        }
    }
}
