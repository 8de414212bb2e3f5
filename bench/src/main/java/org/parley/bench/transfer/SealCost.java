package org.parley.bench.transfer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.parley.transfer.seal.Role;
import org.parley.transfer.seal.Seal;
import org.parley.transfer.seal.Sealing;
import org.parley.transfer.seal.TransferKey;
import org.parley.transfer.wire.DataCodec;
import org.parley.transfer.wire.Wire;

/**
 * What sealing costs per datagram, without the network: one thread encodes a full DATA datagram, seals it as the
 * presenter, copies it into a direct buffer (as the socket would) and opens it as the audience, sealed and
 * unsealed (the benchmark's checksum mode) in alternate rounds. Timed in the thread's own CPU time, which a busy
 * machine does not inflate the way it inflates wall-clock rates: on the shared box the transfer rates of two
 * consecutive runs differ by more than sealing costs, while this figure moves by a few per cent.
 *
 * <p>Single-threaded; one instance per measurement.
 */
public final class SealCost {
    /** Median nanoseconds of CPU per datagram (encode, seal, copy, open), sealed then unsealed. */
    public record Result(double sealedNanos, double unsealedNanos, int datagramBytes) {
        public double sealingNanos() {
            return sealedNanos - unsealedNanos;
        }
    }

    private static final long TRANSFER_ID = 7;
    private static final int WARM_UP_ROUNDS = 3;

    private SealCost() {
    }

    public static Result measure(int datagramBytes, int datagramsPerRound, int rounds) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] sealed = new double[rounds];
        double[] unsealed = new double[rounds];
        for (int round = -WARM_UP_ROUNDS; round < rounds; round++) {
            double s = round(Sealing.aead(), datagramBytes, datagramsPerRound, threads);
            double u = round(Sealing.checksumOnly(), datagramBytes, datagramsPerRound, threads);
            if (round >= 0) {
                sealed[round] = s;
                unsealed[round] = u;
            }
        }
        return new Result(median(sealed), median(unsealed), datagramBytes);
    }

    private static double round(Sealing sealing, int datagramBytes, int count, ThreadMXBean threads) {
        TransferKey key = TransferKey.random();
        Seal presenter = sealing.forTransfer(key, TRANSFER_ID, Role.PRESENTER);
        Seal audience = sealing.forTransfer(key, TRANSFER_ID, Role.AUDIENCE);
        int encodedBytes = datagramBytes - sealing.overhead();
        ByteBuffer packet = ByteBuffer.allocateDirect(encodedBytes);
        ByteBuffer socket = ByteBuffer.allocateDirect(65_536);
        ByteBuffer plain = ByteBuffer.allocate(65_536);
        byte[] chunk = new byte[encodedBytes - DataCodec.HEADER_BYTES];
        new Random(count).nextBytes(chunk);
        long start = threads.getCurrentThreadCpuTime();
        for (int seq = 0; seq < count; seq++) {
            DataCodec.begin(packet, TRANSFER_ID, seq, 0, seq);
            packet.put(chunk);
            Wire.finish(packet);
            socket.clear();
            socket.put(presenter.sealer().seal(packet)).flip();
            if (audience.opener().open(socket, plain) == null) {
                throw new IllegalStateException("a datagram sealed here did not open");
            }
        }
        return (threads.getCurrentThreadCpuTime() - start) / (double) count;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
