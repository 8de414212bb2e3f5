package org.parley.transfer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Seeded random file contents, written in blocks so big files cost no more memory than small ones. */
final class TestFiles {
    private TestFiles() {
    }

    static Path random(Path file, long size, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            long left = size;
            while (left > 0) {
                random.nextBytes(block);
                int n = (int) Math.min(block.length, left);
                out.write(block, 0, n);
                left -= n;
            }
        }
        return file;
    }

    static long seed(String property) {
        return Long.getLong(property, System.nanoTime());
    }
}
