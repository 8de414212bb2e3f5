package org.parley.transfer.send;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads chunks of the file with positional reads. New data is sequential, so it is read ahead in blocks of
 * many chunks (one system call instead of dozens); retransmissions, scattered by nature, read directly.
 * Memory is one fixed block, whatever the file size.
 */
final class ChunkSource {
    private static final int READ_AHEAD_BYTES = 256 * 1024;

    private final FileChannel file;
    private final long size;
    private final int chunkSize;
    private final ByteBuffer block;
    private long blockStart = -1;
    private int blockLength;

    ChunkSource(FileChannel file, long size, int chunkSize) {
        this.file = file;
        this.size = size;
        this.chunkSize = chunkSize;
        int chunksPerBlock = Math.max(1, READ_AHEAD_BYTES / chunkSize);
        this.block = ByteBuffer.allocateDirect(chunksPerBlock * chunkSize);
    }

    int length(int seq) {
        long offset = (long) seq * chunkSize;
        return (int) Math.min(chunkSize, size - offset);
    }

    /** Appends chunk {@code seq} to {@code out} at its position. */
    void copy(int seq, ByteBuffer out) throws IOException {
        long offset = (long) seq * chunkSize;
        int length = length(seq);
        if (blockStart < 0 || offset < blockStart || offset + length > blockStart + blockLength) {
            if (offset < blockStart) {
                readDirect(offset, length, out);
                return;
            }
            fill(offset);
        }
        int from = (int) (offset - blockStart);
        out.put(out.position(), block, from, length);
        out.position(out.position() + length);
    }

    private void fill(long offset) throws IOException {
        block.clear();
        block.limit((int) Math.min(block.capacity(), size - offset));
        long position = offset;
        while (block.hasRemaining()) {
            int n = file.read(block, position);
            if (n < 0) {
                throw new EOFException("the file shrank while it was being sent");
            }
            position += n;
        }
        blockStart = offset;
        blockLength = block.limit();
    }

    private void readDirect(long offset, int length, ByteBuffer out) throws IOException {
        int savedLimit = out.limit();
        out.limit(out.position() + length);
        long position = offset;
        while (out.hasRemaining()) {
            int n = file.read(out, position);
            if (n < 0) {
                throw new EOFException("the file shrank while it was being sent");
            }
            position += n;
        }
        out.limit(savedLimit);
    }
}
