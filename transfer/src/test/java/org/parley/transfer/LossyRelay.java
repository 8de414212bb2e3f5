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
 * It also plays the on-path attacker: it keeps copies of A's first DATA datagrams, can inject datagrams
 * towards B from A's apparent address, and checks that no sender ever used one nonce counter twice.
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
    private final InetSocketAddress b;
    private final List<byte[]> dataFromA = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong nonceRepeats = new AtomicLong();
    private final AtomicLong sealedSeen = new AtomicLong();
    private static final int KEPT_DATA = 64;

    LossyRelay(InetSocketAddress a, InetSocketAddress b, Impairment impairment, long seed) throws IOException {
        facingA = socket();
        facingB = socket();
        this.b = b;
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

    /** Lets traffic pass again after {@link #blackhole()}. */
    void resume() {
        blackhole.set(false);
    }

    /** Up to the first 64 DATA datagrams A sent, as they arrived (before any impairment). */
    List<byte[]> dataFromA() {
        synchronized (dataFromA) {
            return List.copyOf(dataFromA);
        }
    }

    /** Sends {@code data} to B from the address B knows as A's, even while blackholed. */
    void injectTowardsB(byte[] data) throws IOException {
        facingB.send(new DatagramPacket(data, data.length, b));
    }

    /** How often a sealed datagram arrived carrying a counter its sender had already used. */
    long nonceRepeats() {
        return nonceRepeats.get();
    }

    /** Sealed datagrams that reached the relay, both directions. */
    long sealedSeen() {
        return sealedSeen.get();
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
            java.util.Set<Long> counters = new java.util.HashSet<>();
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
                noteNonce(buffer, packet.getLength(), counters, fromB);
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

    /** Sealed datagrams (version 3) carry their sender's counter at offset 16; one sender, one direction. */
    private void noteNonce(byte[] buffer, int length, java.util.Set<Long> counters, boolean fromB) {
        if (length < 40 || buffer[2] != 3) {
            return;
        }
        sealedSeen.incrementAndGet();
        ByteBuffer view = ByteBuffer.wrap(buffer, 0, length);
        if (!counters.add(view.getLong(16))) {
            nonceRepeats.incrementAndGet();
        }
        if (!fromB && Wire.type(view) == org.parley.transfer.wire.PacketType.DATA && dataFromA.size() < KEPT_DATA) {
            dataFromA.add(Arrays.copyOf(buffer, length));
        }
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
