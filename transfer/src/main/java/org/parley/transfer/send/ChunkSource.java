package org.parley.transfer.send;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads chunks of the file with positional reads. New data is sequential, so it is read ahead in blocks of
 * many chunks (one system call instead of dozens); retransmissions, scattered by nature, read directly.
 * Memory is one fixed block, whatever the file size. Owns the open file: the sender thread reads, and the
 * session closes it once when it ends.
 */
final class ChunkSource implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChunkSource.class);
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
        int chunksPerBlock = file == null ? 0 : Math.max(1, READ_AHEAD_BYTES / chunkSize);
        this.block = ByteBuffer.allocateDirect(chunksPerBlock * chunkSize);
    }

    /**
     * Opens the file the authorisation describes; the exception's message is the one line for the user (the
     * file cannot be read, or its size is not the authorised one).
     */
    static ChunkSource open(Path path, long expectedSize, int chunkSize) throws IOException {
        FileChannel channel = null;
        long actual;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            actual = channel.size();
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            throw new IOException("cannot read " + path.getFileName() + ": " + e.getMessage(), e);
        }
        if (actual != expectedSize) {
            channel.close();
            throw new IOException("the file is " + actual + " bytes but the authorisation says " + expectedSize);
        }
        return new ChunkSource(channel, expectedSize, chunkSize);
    }

    /** For a session that failed before it had a file: reads nothing, closes nothing. */
    static ChunkSource none() {
        return new ChunkSource(null, 0, 1);
    }

    @Override
    public void close() {
        if (file == null) {
            return;
        }
        try {
            file.close();
        } catch (IOException e) {
            log.debug("closing file", e);
        }
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
