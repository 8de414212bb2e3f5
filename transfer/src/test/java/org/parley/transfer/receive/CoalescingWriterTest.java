package org.parley.transfer.receive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoalescingWriterTest {
    private static final int CHUNK = 100;

    @TempDir
    Path dir;

    @Test
    void inOrderChunksAcrossManyWindowsGiveTheExactFile() throws IOException {
        byte[] expected = content(2_050, 1);
        try (FileChannel channel = FileChannel.open(dir.resolve("f"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            CoalescingWriter writer = new CoalescingWriter(channel, 1_000);
            for (int seq = 0; seq * CHUNK < expected.length; seq++) {
                writer.write(chunk(expected, seq), (long) seq * CHUNK);
            }
            writer.flush();
        }
        assertThat(Files.readAllBytes(dir.resolve("f"))).isEqualTo(expected);
    }

    @Test
    void outOfOrderChunksWithHolesFilledLaterGiveTheExactFile() throws IOException {
        long seed = System.nanoTime();
        System.out.println("CoalescingWriterTest seed " + seed);
        Random random = new Random(seed);
        byte[] expected = content(50 * CHUNK + 37, seed);
        int chunks = (expected.length + CHUNK - 1) / CHUNK;
        // First pass in order with some chunks missing or swapped with a neighbour; the missing ones arrive at
        // the end, shuffled, like retransmissions after the window has moved on.
        List<Integer> order = new ArrayList<>();
        List<Integer> late = new ArrayList<>();
        for (int seq = 0; seq < chunks; seq++) {
            (random.nextInt(4) == 0 ? late : order).add(seq);
        }
        for (int i = 0; i + 1 < order.size(); i += 2) {
            if (random.nextBoolean()) {
                Collections.swap(order, i, i + 1);
            }
        }
        Collections.shuffle(late, random);
        order.addAll(late);

        Path file = dir.resolve("g");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            CoalescingWriter writer = new CoalescingWriter(channel, 350);
            for (int seq : order) {
                writer.write(chunk(expected, seq), (long) seq * CHUNK);
                assertReadableBelow(channel, writer.flushedBelow(), expected, order.subList(0,
                        order.indexOf(seq) + 1));
            }
            writer.flush();
            assertThat(writer.flushedBelow()).isEqualTo(Long.MAX_VALUE);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(expected);
    }

    /** Every chunk already taken that lies wholly below {@code limit} must read back intact. */
    private static void assertReadableBelow(FileChannel channel, long limit, byte[] expected, List<Integer> taken)
            throws IOException {
        for (int seq : taken) {
            long offset = (long) seq * CHUNK;
            int length = (int) Math.min(CHUNK, expected.length - offset);
            if (offset + length > limit) {
                continue;
            }
            ByteBuffer read = ByteBuffer.allocate(length);
            channel.read(read, offset);
            assertThat(read.array()).isEqualTo(java.util.Arrays.copyOfRange(expected, (int) offset, (int) offset + length));
        }
    }

    private static ByteBuffer chunk(byte[] content, int seq) {
        int from = seq * CHUNK;
        int to = Math.min(content.length, from + CHUNK);
        byte[] copy = java.util.Arrays.copyOfRange(content, from, to);
        // Offset the position like a datagram whose header precedes the payload.
        ByteBuffer buffer = ByteBuffer.allocate(copy.length + 7);
        buffer.position(7);
        buffer.put(copy);
        buffer.position(7);
        return buffer;
    }

    private static byte[] content(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
