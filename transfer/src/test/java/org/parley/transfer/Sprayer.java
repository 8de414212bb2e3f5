package org.parley.transfer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32C;
import org.parley.transfer.seal.Role;
import org.parley.transfer.wire.PacketType;
import org.parley.transfer.wire.Wire;

/**
 * Sprays hostile datagrams at endpoints from a third address: random bytes, truncated headers, well-formed
 * unsealed datagrams of every type (valid checksum), and datagrams shaped like sealed ones (version 3, a role
 * constant, a counter, a tag) for the transfer under test carrying nonsense: a stranger without the key.
 */
final class Sprayer implements AutoCloseable {
    private final DatagramChannel channel;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong target = new AtomicLong(-1);
    private final AtomicLong sent = new AtomicLong();

    Sprayer(long seed, InetSocketAddress... victims) throws IOException {
        channel = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(() -> spray(new Random(seed), victims), "sprayer");
        thread.setDaemon(true);
        thread.start();
    }

    void aimAt(long transferId) {
        target.set(transferId);
    }

    long sent() {
        return sent.get();
    }

    private void spray(Random random, InetSocketAddress[] victims) {
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        CRC32C crc = new CRC32C();
        while (running.get()) {
            for (int burst = 0; burst < 20; burst++) {
                buildOne(random, buffer, crc);
                try {
                    channel.send(buffer, victims[random.nextInt(victims.length)]);
                    sent.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    private void buildOne(Random random, ByteBuffer buffer, CRC32C crc) {
        buffer.clear();
        switch (random.nextInt(4)) {
            case 0 -> {
                byte[] junk = new byte[random.nextInt(1500)];
                random.nextBytes(junk);
                buffer.put(junk).flip();
            }
            case 1 -> {
                Wire.begin(buffer, 1 + random.nextInt(8), target.get());
                buffer.flip();
                buffer.limit(random.nextInt(Wire.HEADER_BYTES + 1));
            }
            case 2 -> {
                int type = 1 + random.nextInt(PacketType.PING);
                Wire.begin(buffer, type, random.nextBoolean() ? target.get() : random.nextLong());
                byte[] body = new byte[random.nextInt(64)];
                random.nextBytes(body);
                buffer.put(body);
                Wire.finish(buffer);
                Wire.addChecksum(buffer, crc);
            }
            default -> {
                int type = 1 + random.nextInt(PacketType.PING);
                int role = random.nextBoolean() ? Role.PRESENTER.nonceConstant() : Role.AUDIENCE.nonceConstant();
                buffer.putShort(Wire.MAGIC).put((byte) 3).put((byte) type).putInt(role)
                        .putLong(random.nextInt(4) > 0 ? target.get() : random.nextLong())
                        .putLong(random.nextInt(1_000_000));
                byte[] rest = new byte[random.nextInt(1400) + 16];
                random.nextBytes(rest);
                buffer.put(rest).flip();
            }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        running.set(false);
        thread.join(2_000);
        channel.close();
    }
}
