package org.parley.bench.transfer.link;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.IntPredicate;

/**
 * One of {@value #SLOTS} address slots for a {@link BottleneckLink}, held by this process until closed: slot
 * {@code n} is the subnet {@code 10.213.n.0/24}. A slot is claimed by an exclusive lock on its file in a shared
 * directory, so two links built at once, in this process or in two (a test run and a benchmark), never get
 * the same subnet; the operating system releases the lock when the process ends, however it ends, so a crashed
 * run leaves no slot claimed. A slot whose subnet is still on one of this host's devices (a link a killed run
 * left behind) is skipped as well.
 */
final class AddressSlot implements AutoCloseable {
    static final int SLOTS = 250;

    private final int number;
    private final FileChannel channel;

    private AddressSlot(int number, FileChannel channel) {
        this.number = number;
        this.channel = channel;
    }

    /**
     * Claims the first free slot: unlocked in {@code directory} (created if missing) and not {@code inUse}, which
     * is asked only about a slot this process already holds the lock of.
     */
    static AddressSlot claim(Path directory, IntPredicate inUse) throws IOException {
        Files.createDirectories(directory);
        for (int n = 1; n <= SLOTS; n++) {
            FileChannel channel = FileChannel.open(directory.resolve("slot-" + n + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldHere) {
                lock = null;
            }
            if (lock != null && !inUse.test(n)) {
                return new AddressSlot(n, channel);
            }
            channel.close();
        }
        throw new IOException("all " + SLOTS + " address slots for bottleneck links are taken (locks in "
                + directory + ")");
    }

    int number() {
        return number;
    }

    /** Releases the slot (closing the channel releases its lock). */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
