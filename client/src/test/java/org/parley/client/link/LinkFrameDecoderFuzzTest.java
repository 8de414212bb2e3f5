package org.parley.client.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import org.parley.protocol.FrameCodec;
import org.parley.protocol.FrameDecodingException;
import org.parley.protocol.Limits;
import org.parley.protocol.LinkFrame;

/**
 * Fuzzes what a private-chat link does with the bytes a peer sends: an {@link EmbeddedChannel} with
 * the links' own framing ({@link LinkFraming#install}), fed the input in pieces. Seeds: {@code
 * LinkFrameDecoderFuzzTestInputs/decode}; docs/FUZZING.md.
 */
class LinkFrameDecoderFuzzTest {

    private static final FrameCodec<LinkFrame> CODEC = FrameCodec.linkFrames();

    /**
     * Properties: the only exceptions are {@link CorruptedFrameException} (a line that is not a link
     * frame; the link is then closed) and {@link TooLongFrameException}, the latter only once more
     * than the limit has arrived without a newline; every frame before the first exception is a link
     * frame that re-encodes and decodes to an equal frame.
     */
    @FuzzTest(maxDuration = "10s")
    void decode(byte[] input) {
        EmbeddedChannel channel = new EmbeddedChannel();
        LinkFraming.install(channel.pipeline(), CODEC);
        int piece = 1 + (input.length == 0 ? 0 : (input[0] & 0xFF) % 89);
        int fed = 0;
        try {
            for (; fed < input.length; fed += piece) {
                channel.writeInbound(Unpooled.wrappedBuffer(input, fed, Math.min(piece, input.length - fed)));
            }
        } catch (TooLongFrameException e) {
            int end = Math.min(input.length, fed + piece);
            assertThat(longestRun(input, end)).as("refused as too long").isGreaterThanOrEqualTo(Limits.MAX_FRAME_BYTES - 1);
        } catch (CorruptedFrameException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
        for (Object out; (out = channel.readInbound()) != null; ) {
            if (!(out instanceof LinkFrame frame)) {
                fail("decoded to a " + out.getClass());
                return;
            }
            try {
                assertThat(CODEC.decode(CODEC.encode(frame))).isEqualTo(frame);
            } catch (FrameDecodingException e) {
                throw new AssertionError("a decoded link frame does not decode once re-encoded: " + frame, e);
            }
        }
        channel.finishAndReleaseAll();
    }

    /** The longest stretch without a newline in {@code input[0, end)}, delimiter excluded. */
    private static int longestRun(byte[] input, int end) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < end; i++) {
            run = input[i] == '\n' ? 0 : run + 1;
            longest = Math.max(longest, run);
        }
        return longest;
    }
}
