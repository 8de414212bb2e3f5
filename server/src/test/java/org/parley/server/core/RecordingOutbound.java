package org.parley.server.core;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.parley.protocol.Frame;
import org.parley.protocol.FrameCodec;
import org.parley.protocol.FrameDecodingException;

/** A fake connection for tests of the core alone: keeps every frame the core sends, decoded. */
final class RecordingOutbound implements Outbound {

    private static final FrameCodec<Frame> CODEC = FrameCodec.frames();

    private final String ip;
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    RecordingOutbound(String ip) {
        this.ip = ip;
    }

    @Override
    public void send(Frame frame) {
        frames.add(frame);
    }

    @Override
    public void send(EncodedFrame frame) {
        try {
            frames.add(CODEC.decode(frame.json()));
        } catch (FrameDecodingException e) {
            throw new IllegalStateException("the core encoded an unreadable frame", e);
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String remoteIp() {
        return ip;
    }

    boolean isClosed() {
        return closed;
    }

    /** The next frame of one of these types, skipping others; fails after the test wait. */
    Frame nextOf(Class<?>... types) throws InterruptedException {
        long deadline = System.nanoTime() + TestConnection.WAIT.toNanos();
        while (true) {
            Frame f = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (f == null) {
                throw new AssertionError("none of " + java.util.Arrays.toString(types) + " within " + TestConnection.WAIT);
            }
            for (Class<?> type : types) {
                if (type.isInstance(f)) {
                    return f;
                }
            }
        }
    }

    /** Frames received and not taken yet, without waiting: to check what did not arrive. */
    java.util.List<Frame> drain() {
        java.util.List<Frame> all = new java.util.ArrayList<>();
        frames.drainTo(all);
        return all;
    }

    /** The next frame of this type, skipping others; fails after the test wait. */
    <F extends Frame> F next(Class<F> type) throws InterruptedException {
        long deadline = System.nanoTime() + TestConnection.WAIT.toNanos();
        while (true) {
            Frame f = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (f == null) {
                throw new AssertionError("no " + type.getSimpleName() + " within " + TestConnection.WAIT);
            }
            if (type.isInstance(f)) {
                return type.cast(f);
            }
        }
    }
}
