package org.parley.transfer.receive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Gathers received chunks into one large positional write instead of one system call per datagram.
 *
 * <p>The buffer mirrors a window {@code [base, base + capacity)} of the file. A chunk inside the window is copied
 * to its place in the buffer; a chunk past the window flushes it and starts a new window at that chunk; a chunk
 * below the window (a late retransmission) is written straight to the file. The window only moves forward.
 *
 * <p>A flush writes {@code [base, highest byte held)} in one call, holes included. That is safe because the
 * caller passes each chunk exactly once: a hole is a chunk not received yet, so its real bytes arrive later —
 * either into this same window before the flush, or after it, below every future window, and then written
 * directly over whatever the flush put there. Since windows only move forward, a flush can never cover a range
 * written earlier. Not thread-safe: the receive thread owns it.
 */
final class CoalescingWriter {
    private final FileChannel channel;
    private final ByteBuffer buffer;
    private long base;
    private int end;

    CoalescingWriter(FileChannel channel, int capacityBytes) {
        this.channel = channel;
        this.buffer = ByteBuffer.allocateDirect(capacityBytes);
    }

    /** Takes {@code payload} (position to limit) for file offset {@code offset}; each chunk at most once. */
    void write(ByteBuffer payload, long offset) throws IOException {
        int length = payload.remaining();
        if (offset < base || length > buffer.capacity()) {
            writeFully(payload, offset);
            return;
        }
        if (offset + length > base + buffer.capacity()) {
            flush();
            base = offset;
        }
        int at = (int) (offset - base);
        buffer.put(at, payload, payload.position(), length);
        payload.position(payload.limit());
        end = Math.max(end, at + length);
    }

    /**
     * Every byte below this offset that was passed to {@link #write} is in the file (reads of the file see it).
     */
    long flushedBelow() {
        return end == 0 ? Long.MAX_VALUE : base;
    }

    /** Writes out the window; the next window starts where this one ended. */
    void flush() throws IOException {
        if (end == 0) {
            return;
        }
        buffer.clear().limit(end);
        writeFully(buffer, base);
        buffer.clear();
        base += end;
        end = 0;
    }

    private void writeFully(ByteBuffer source, long offset) throws IOException {
        long position = offset;
        while (source.hasRemaining()) {
            position += channel.write(source, position);
        }
    }
}
