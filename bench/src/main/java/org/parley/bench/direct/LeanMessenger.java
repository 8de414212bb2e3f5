package org.parley.bench.direct;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;
import org.parley.bench.support.Bytes;
import org.parley.bench.support.LeanLogin;
import org.parley.protocol.Limits;

/**
 * One user of the direct-message scenario without the real client: it keeps {@code window} messages
 * to its peer in flight, pipelined, and answers each acknowledgement by sending the next while the run
 * lasts. Acknowledgements are found by one byte comparison and their id is read in place. Its own
 * state is touched on its channel's event loop only; what all users share is in {@link Run}. The
 * messages its peer sends it are acknowledged once per read, as the real client does, so the server
 * marks them delivered and its delivery window never fills. With a window of 0 it only receives.
 */
final class LeanMessenger implements LeanLogin.Lines {

    /** What every messenger of one run shares. */
    record Run(AtomicBoolean sending, Recorder ackLatency, LongAdder acked, LongAdder inFlight,
               CompletableFuture<Void> failure) {

        static Run start(Recorder ackLatency) {
            return new Run(new AtomicBoolean(true), ackLatency, new LongAdder(), new LongAdder(),
                    new CompletableFuture<>());
        }

        /** Waits {@code seconds}, or less if a messenger failed (the caller then reports the failure). */
        void sleepWhileRunning(double seconds) throws InterruptedException {
            long end = System.nanoTime() + (long) (seconds * 1e9);
            while (System.nanoTime() < end && !failure.isDone()) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
        }

        /** Stops sending and waits (at most 60 s) until every message sent has been acknowledged. */
        void stopAndDrain() throws InterruptedException {
            sending.set(false);
            long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (inFlight.sum() > 0 && !failure.isDone()) {
                if (System.nanoTime() > drainDeadline) {
                    throw new IllegalStateException(inFlight.sum() + " messages still unacknowledged after 60 s");
                }
                TimeUnit.MILLISECONDS.sleep(5);
            }
        }
    }

    private static final byte[] SENT = Bytes.ascii("{\"type\":\"message-sent\",\"id\":");
    private static final byte[] ERROR = Bytes.ascii("{\"type\":\"error\"");
    private static final byte[] RECEIVED = Bytes.ascii("{\"type\":\"message-received\",\"messageId\":");
    private static final long FIRST_ID = 10; // after the login's 1, 2, 3
    /** Acks are not answered unless refused; their own id keeps them apart from the messages' slots. */
    private static final long ACK_ID = 9;

    private final String user;
    private final byte[] requestTail;
    private final long[] sentAt;
    private final Run run;
    private final long[] toAck = new long[Limits.MAX_ACK_IDS];
    private int toAckCount;
    private Channel channel;
    private long nextId = FIRST_ID;

    LeanMessenger(String user, String peer, int window, Run run) {
        this.user = user;
        this.requestTail = Bytes.ascii(",\"to\":\"" + peer + "\",\"text\":\"m\"}\n");
        this.sentAt = new long[window];
        this.run = run;
    }

    /** Sends the first window; from then on every acknowledgement sends the next. */
    void start(Channel ch) {
        ch.eventLoop().execute(() -> {
            channel = ch;
            for (int i = 0; i < sentAt.length; i++) {
                sendNext();
            }
            ch.flush();
        });
    }

    @Override
    public void line(ChannelHandlerContext ctx, ByteBuf buf, int from, int length) {
        if (Bytes.regionMatches(buf, from, SENT)) {
            long id = Bytes.digits(buf, from + SENT.length, from + length);
            // At most a window of ids is outstanding and they are consecutive: each has its own slot.
            run.ackLatency().recordValue(Math.max(1_000L, System.nanoTime() - sentAt[(int) (id % sentAt.length)]));
            run.acked().increment();
            run.inFlight().decrement();
            sendNext();
        } else if (Bytes.regionMatches(buf, from, RECEIVED)) {
            // the peer's message to this user: acknowledged at the end of the read, as the real client does
            toAck[toAckCount++] = Bytes.digits(buf, from + RECEIVED.length, from + length);
            if (toAckCount == toAck.length) {
                writeAck(ctx.channel());
            }
        } else if (Bytes.regionMatches(buf, from, ERROR)) {
            run.failure().completeExceptionally(new IllegalStateException(
                    user + ": " + buf.toString(from, length, StandardCharsets.UTF_8)));
        }
    }

    @Override
    public void readComplete(ChannelHandlerContext ctx) {
        if (toAckCount > 0) {
            writeAck(ctx.channel());
        }
        ctx.flush();
    }

    /** On the event loop; {@code ch} from the context, as lines may come before {@link #start}. */
    private void writeAck(Channel ch) {
        ByteBuf ack = ch.alloc().buffer(48 + toAckCount * 12);
        ByteBufUtil.writeAscii(ack, "{\"type\":\"ack\",\"id\":" + ACK_ID + ",\"messageIds\":[");
        for (int i = 0; i < toAckCount; i++) {
            if (i > 0) {
                ack.writeByte(',');
            }
            ByteBufUtil.writeAscii(ack, Long.toString(toAck[i]));
        }
        ByteBufUtil.writeAscii(ack, "]}\n");
        ch.write(ack, ch.voidPromise());
        toAckCount = 0;
    }

    private void sendNext() {
        if (!run.sending().get() || run.failure().isDone()) {
            return;
        }
        long id = nextId++;
        sentAt[(int) (id % sentAt.length)] = System.nanoTime();
        run.inFlight().increment();
        ByteBuf request = channel.alloc().buffer(64 + requestTail.length);
        ByteBufUtil.writeAscii(request, "{\"type\":\"message\",\"id\":");
        ByteBufUtil.writeAscii(request, Long.toString(id));
        request.writeBytes(requestTail);
        channel.write(request, channel.voidPromise());
    }
}
