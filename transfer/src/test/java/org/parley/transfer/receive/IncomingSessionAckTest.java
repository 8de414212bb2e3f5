package org.parley.transfer.receive;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.transfer.IncomingTransfer;
import org.parley.transfer.TransferConfig;
import org.parley.transfer.TransferListener;
import org.parley.transfer.seal.Role;
import org.parley.transfer.seal.Sealing;
import org.parley.transfer.seal.TransferKey;
import org.parley.transfer.wire.Data;
import org.parley.transfer.wire.Offer;
import org.parley.transfer.wire.PacketType;
import org.parley.transfer.wire.Wire;

/** How the audience acknowledges: batching an in-order stream, prompt gap reports, long range lists. */
class IncomingSessionAckTest {
    private static final int CHUNK = 100;
    private static final int CHUNKS = 2_000;
    private static final InetSocketAddress PRESENTER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 4000);

    @TempDir
    Path dir;

    private final List<ByteBuffer> sent = new ArrayList<>();

    private IncomingSession session(int window) {
        IncomingTransfer ticket = new IncomingTransfer(7, "tok", "yoda", "f.bin", (long) CHUNK * CHUNKS,
                "00".repeat(32), TransferKey.random());
        IncomingSession session = new IncomingSession(ticket, dir, TransferListener.NONE, TransferConfig.defaults(),
                (datagram, to) -> {
                    ByteBuffer copy = ByteBuffer.allocate(datagram.remaining());
                    copy.put(datagram.duplicate()).flip();
                    sent.add(copy);
                }, Sealing.checksumOnly().forTransfer(ticket.key(), ticket.transferId(), Role.AUDIENCE), Runnable::run, (s, reply, peer) -> { }, () -> window);
        session.onOffer(new Offer("tok", "yoda", "f.bin", (long) CHUNK * CHUNKS, "00".repeat(32), CHUNK, 1),
                PRESENTER);
        sent.clear();
        return session;
    }

    private static Data data(int seq) {
        return new Data(seq, 0, seq, ByteBuffer.allocate(CHUNK));
    }

    private List<ByteBuffer> acks() {
        List<ByteBuffer> acks = sent.stream().filter(d -> Wire.type(d) == PacketType.ACK)
                .toList();
        sent.clear();
        return acks;
    }

    @Test
    void anInOrderStreamIsAcknowledgedPerBatchNotPerDrain() {
        // Taken before the data arrive: no owed ACK has waited by this time, whatever the machine's speed.
        long drainedAt = System.nanoTime();
        IncomingSession session = session(1_024);
        session.onData(data(0), PRESENTER);
        session.flushAckIfUseful(drainedAt);
        assertThat(acks()).hasSize(1);

        for (int seq = 1; seq <= 10; seq++) {
            session.onData(data(seq), PRESENTER);
            session.flushAckIfUseful(drainedAt);
        }
        assertThat(acks()).isEmpty();

        session.flushAckIfUseful(System.nanoTime() + Wire.MAX_ACK_DELAY_NANOS);
        assertThat(acks()).as("held no longer than the maximum ACK delay").hasSize(1);
        session.onData(data(11), PRESENTER);

        session.flushAck();
        assertThat(acks()).hasSize(1);
    }

    @Test
    void aGapIsReportedAtTheEndOfTheBatchItAppearedIn() {
        IncomingSession session = session(1_024);
        session.onData(data(0), PRESENTER);
        session.flushAck();
        acks();

        session.onData(data(2), PRESENTER);
        session.flushAckIfUseful(System.nanoTime());

        List<ByteBuffer> acks = acks();
        assertThat(acks).hasSize(1);
        ByteBuffer ack = acks.get(0).position(Wire.HEADER_BYTES);
        assertThat(ack.getInt()).as("cumulative").isEqualTo(1);
        ack.getInt();
        ack.getInt();
        assertThat(ack.getShort()).as("ranges").isEqualTo((short) 1);
        assertThat(new int[] {ack.getInt(), ack.getInt()}).containsExactly(2, 3);
    }

    @Test
    void moreRangesThanOneDatagramHoldsContinueInFurtherAcks() {
        IncomingSession session = session(4_096);
        // Every other chunk: 400 separate held ranges above the cumulative point, more than 180 per datagram.
        for (int seq = 1; seq < 800; seq += 2) {
            session.onData(data(seq), PRESENTER);
        }
        acks();
        session.onData(data(801), PRESENTER);
        session.flushAck();

        List<int[]> reported = new ArrayList<>();
        List<ByteBuffer> acks = acks();
        assertThat(acks).hasSize(3);
        for (ByteBuffer ack : acks) {
            ack.position(Wire.HEADER_BYTES);
            assertThat(ack.getInt()).isZero();
            ack.getInt();
            ack.getInt();
            int ranges = ack.getShort();
            for (int i = 0; i < ranges; i++) {
                reported.add(new int[] {ack.getInt(), ack.getInt()});
            }
        }
        assertThat(reported).hasSize(401);
        for (int i = 0; i < reported.size(); i++) {
            assertThat(reported.get(i)).containsExactly(2 * i + 1, 2 * i + 2);
        }
    }
}
