package org.parley.bench.transfer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * A fast UDP forwarder between two fixed endpoints that drops a given fraction of datagrams in each
 * direction, for measuring throughput under loss. One thread and one reused direct buffer per direction.
 */
public final class DropRelay implements AutoCloseable {
    private final DatagramChannel facingA;
    private final DatagramChannel facingB;
    private final List<Thread> threads;

    public DropRelay(InetSocketAddress a, InetSocketAddress b, double lossRate, long seed) throws IOException {
        facingA = open();
        facingB = open();
        Random seeds = new Random(seed);
        threads = List.of(pump(facingA, facingB, b, lossRate, new SplittableRandom(seeds.nextLong())),
                pump(facingB, facingA, a, lossRate, new SplittableRandom(seeds.nextLong())));
        threads.forEach(Thread::start);
    }

    /** Where endpoint A sends to reach B. */
    public InetSocketAddress forA() throws IOException {
        return (InetSocketAddress) facingA.getLocalAddress();
    }

    /** Where endpoint B sends to reach A. */
    public InetSocketAddress forB() throws IOException {
        return (InetSocketAddress) facingB.getLocalAddress();
    }

    private static DatagramChannel open() throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
        channel.setOption(java.net.StandardSocketOptions.SO_SNDBUF, 4 << 20);
        return channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    private static Thread pump(DatagramChannel in, DatagramChannel out, InetSocketAddress to, double lossRate,
                               SplittableRandom random) {
        Thread thread = new Thread(() -> {
            ByteBuffer buffer = ByteBuffer.allocateDirect(65_536);
            try {
                while (true) {
                    buffer.clear();
                    in.receive(buffer);
                    if (random.nextDouble() < lossRate) {
                        continue;
                    }
                    buffer.flip();
                    out.send(buffer, to);
                }
            } catch (ClosedChannelException e) {
                // closed: the run is over
            } catch (IOException e) {
                throw new IllegalStateException("relay failed", e);
            }
        }, "drop-relay");
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() throws IOException {
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
}
