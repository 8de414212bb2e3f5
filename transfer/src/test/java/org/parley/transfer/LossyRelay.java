package org.parley.transfer;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.parley.transfer.wire.Wire;

/**
 * A UDP forwarder between two fixed endpoints that drops, duplicates, reorders and corrupts datagrams with a
 * seeded random source. Endpoint A sends to {@link #forA()} to reach B; B sends to {@link #forB()} to reach A.
 */
final class LossyRelay implements AutoCloseable {
    record Impairment(double drop, double duplicate, double reorder, double corrupt) {
        static final Impairment NONE = new Impairment(0, 0, 0, 0);
        static final Impairment HARSH = new Impairment(0.10, 0.05, 0.05, 0.01);
        static final Impairment MILD = new Impairment(0.01, 0.01, 0.01, 0.001);
    }

    private final DatagramSocket facingA;
    private final DatagramSocket facingB;
    private final AtomicBoolean blackhole = new AtomicBoolean();
    private volatile int droppedTypeFromB = -1;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final AtomicLong forwarded = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();

    LossyRelay(InetSocketAddress a, InetSocketAddress b, Impairment impairment, long seed) throws IOException {
        facingA = socket();
        facingB = socket();
        threads.add(pump(facingA, facingB, b, impairment, new Random(seed), false));
        threads.add(pump(facingB, facingA, a, impairment, new Random(~seed), true));
        threads.forEach(Thread::start);
    }

    InetSocketAddress forA() {
        return (InetSocketAddress) facingA.getLocalSocketAddress();
    }

    InetSocketAddress forB() {
        return (InetSocketAddress) facingB.getLocalSocketAddress();
    }

    /** From now on nothing passes in either direction: the peers vanish for each other. */
    void blackhole() {
        blackhole.set(true);
    }

    /** From now on every datagram of this packet type from B to A is dropped. */
    void dropEveryFromB(int packetType) {
        droppedTypeFromB = packetType;
    }

    long forwarded() {
        return forwarded.get();
    }

    @Override
    public void close() {
        open.set(false);
        facingA.close();
        facingB.close();
        try {
            for (Thread t : threads) {
                t.join(2_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static DatagramSocket socket() throws SocketException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setReceiveBufferSize(4 << 20);
        socket.setSendBufferSize(4 << 20);
        socket.setSoTimeout(5);
        return socket;
    }

    /** A datagram held back until {@code countdown} later ones have passed it. */
    private static final class Held {
        final byte[] data;
        int countdown;

        Held(byte[] data, int countdown) {
            this.data = data;
            this.countdown = countdown;
        }
    }

    private Thread pump(DatagramSocket in, DatagramSocket out, InetSocketAddress to, Impairment impairment,
                        Random random, boolean fromB) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[65_536];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            List<Held> held = new ArrayList<>();
            while (open.get()) {
                packet.setData(buffer);
                try {
                    in.receive(packet);
                } catch (SocketTimeoutException e) {
                    for (Held h : held) {
                        send(out, h.data, to);
                    }
                    held.clear();
                    continue;
                } catch (IOException e) {
                    return;
                }
                if (blackhole.get() || random.nextDouble() < impairment.drop()) {
                    continue;
                }
                if (fromB && packet.getLength() > 3
                        && Wire.type(ByteBuffer.wrap(buffer, 0, packet.getLength())) == droppedTypeFromB) {
                    continue;
                }
                byte[] data = Arrays.copyOf(buffer, packet.getLength());
                if (random.nextDouble() < impairment.corrupt() && data.length > 0) {
                    if (random.nextBoolean()) {
                        data[random.nextInt(data.length)] ^= (byte) (1 + random.nextInt(255));
                    } else {
                        data = Arrays.copyOf(data, random.nextInt(data.length));
                    }
                }
                if (random.nextDouble() < impairment.reorder()) {
                    held.add(new Held(data, 1 + random.nextInt(4)));
                    continue;
                }
                send(out, data, to);
                if (random.nextDouble() < impairment.duplicate()) {
                    send(out, data, to);
                }
                for (Iterator<Held> it = held.iterator(); it.hasNext(); ) {
                    Held h = it.next();
                    if (--h.countdown <= 0) {
                        it.remove();
                        send(out, h.data, to);
                    }
                }
            }
        }, "lossy-relay");
        thread.setDaemon(true);
        return thread;
    }

    private void send(DatagramSocket out, byte[] data, InetSocketAddress to) {
        if (blackhole.get()) {
            return;
        }
        try {
            out.send(new DatagramPacket(data, data.length, to));
            forwarded.incrementAndGet();
        } catch (IOException e) {
            // the relay is closing, or the peer's port is gone: like the network, say nothing
        }
    }
}
