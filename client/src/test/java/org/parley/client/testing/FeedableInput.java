package org.parley.client.testing;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Standard input a test types into line by line, and ends when it wants. */
public final class FeedableInput extends InputStream {

    private static final int END = -1;
    private final BlockingQueue<Integer> bytes = new LinkedBlockingQueue<>();

    public void type(String line) {
        for (byte b : (line + "\n").getBytes(StandardCharsets.UTF_8)) {
            bytes.add(b & 0xff);
        }
    }

    public void end() {
        bytes.add(END);
    }

    @Override
    public int read() {
        try {
            int b = bytes.take();
            if (b == END) {
                bytes.add(END);
            }
            return b;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return END;
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        int first = read();
        if (first == END) {
            return END;
        }
        buffer[offset] = (byte) first;
        int n = 1;
        while (n < length && !bytes.isEmpty() && bytes.peek() != END) {
            buffer[offset + n++] = (byte) (int) bytes.poll();
        }
        return n;
    }
}
