package org.parley.bench.fanout;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.concurrent.CompletableFuture;
import org.parley.bench.support.Bytes;
import org.parley.bench.support.Endpoint;
import org.parley.bench.support.LeanLogin;
import org.parley.bench.support.LeanTransport;

/**
 * A receiving user that only scans each pushed line for the sender's timestamp instead of decoding
 * JSON, so the generator measures the server rather than itself. Senders still use the real client.
 */
final class LeanReceiver {

    private static final byte[] BROADCAST = Bytes.ascii("{\"type\":\"broadcast-received\"");
    private static final byte[] STAMP = Bytes.ascii("\"text\":\"t");

    private LeanReceiver() {}

    /** Connects and logs in (registering on first use); completes with the channel once logged in. */
    static CompletableFuture<Channel> login(Endpoint port, LeanTransport transport, String user, String password,
                                            DeliveryProbe probe) {
        return LeanLogin.login(port, transport, user, password, (ctx, buf, from, length) -> scan(buf, from, length, probe));
    }

    /** Records one delivery if the line is a benchmark broadcast: {@code "text":"t<nanoTime>"}. */
    static void scan(ByteBuf line, DeliveryProbe probe) {
        scan(line, line.readerIndex(), line.readableBytes(), probe);
    }

    static void scan(ByteBuf buf, int from, int length, DeliveryProbe probe) {
        // The codec writes the type first, so one comparison at a fixed place rules out other frames.
        if (length < BROADCAST.length || !Bytes.regionMatches(buf, from, BROADCAST)) {
            return;
        }
        int end = from + length;
        int at = Bytes.indexOf(buf, STAMP, from + BROADCAST.length, end);
        if (at >= 0) {
            probe.delivered(Bytes.digits(buf, at + STAMP.length, end));
        }
    }
}
