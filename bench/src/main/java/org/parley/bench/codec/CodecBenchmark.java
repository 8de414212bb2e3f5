package org.parley.bench.codec;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.parley.protocol.Event;
import org.parley.protocol.Frame;
import org.parley.protocol.FrameCodec;
import org.parley.protocol.FrameDecodingException;
import org.parley.protocol.Request;

/** JMH: encoding and decoding the two frames that dominate traffic (a broadcast delivery, a direct message request). */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmark {

    private final FrameCodec<Frame> codec = FrameCodec.frames();
    private Frame broadcast;
    private Frame message;
    private byte[] broadcastBytes;
    private byte[] messageBytes;

    @Setup
    public void setUp() {
        broadcast = new Event.BroadcastReceived("alice", "hello everyone, this is a typical chat line of text", 12345,
                1_700_000_000_000L);
        message = new Request.SendMessage(42, "bob", "are we still on for lunch at noon? bring the slides");
        broadcastBytes = codec.encode(broadcast);
        messageBytes = codec.encode(message);
    }

    @Benchmark
    public byte[] encodeBroadcastEvent() {
        return codec.encode(broadcast);
    }

    @Benchmark
    public Frame decodeBroadcastEvent() throws FrameDecodingException {
        return codec.decode(broadcastBytes);
    }

    @Benchmark
    public byte[] encodeMessageRequest() {
        return codec.encode(message);
    }

    @Benchmark
    public Frame decodeMessageRequest() throws FrameDecodingException {
        return codec.decode(messageBytes);
    }
}
