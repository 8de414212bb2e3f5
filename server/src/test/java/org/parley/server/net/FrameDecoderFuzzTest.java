package org.parley.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.util.Optional;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Frame;
import org.parley.protocol.FrameCodec;
import org.parley.protocol.FrameDecodingException;
import org.parley.protocol.Limits;
import org.parley.protocol.Request;
import org.parley.protocol.RequestValidator;
import org.parley.protocol.Validation;
import org.parley.protocol.Violation;

/**
 * Fuzzes what a server connection does with the bytes it reads, the way OSS-Fuzz fuzzes Netty's
 * decoders: an {@link EmbeddedChannel} holding the server's own framing ({@link ServerPipeline#addFraming}:
 * the 64 KiB line decoder and {@link FrameDecoder}), fed the input in pieces, and every decoded
 * request put through {@link RequestValidator} as the core would. Seeds: {@code
 * FrameDecoderFuzzTestInputs/decode}; docs/FUZZING.md.
 */
class FrameDecoderFuzzTest {

    private static final FrameCodec<Frame> CODEC = FrameCodec.frames();

    /**
     * Properties: the only exception is {@link TooLongFrameException}, and exactly when a line is over
     * the limit; every other line yields one frame or one {@code BadFrame} (blank lines nothing), in
     * order; a decoded frame re-encodes and decodes to an equal frame; a request the validator passes
     * keeps every text rule; a request it refuses gets a code the protocol documents for it.
     */
    @FuzzTest(maxDuration = "10s")
    void decode(byte[] input) {
        EmbeddedChannel channel = new EmbeddedChannel();
        ServerPipeline.addFraming(channel.pipeline(), CODEC);
        Lines lines = Lines.of(input);
        // Pieces of a size taken from the input, so lines also arrive split across reads.
        int piece = 1 + (input.length == 0 ? 0 : (input[0] & 0xFF) % 97);
        boolean tooLong = false;
        for (int from = 0; from < input.length && !tooLong; from += piece) {
            try {
                channel.writeInbound(Unpooled.wrappedBuffer(input, from, Math.min(piece, input.length - from)));
            } catch (TooLongFrameException e) {
                tooLong = true;
            }
        }
        if (lines.surelyOverLimit) {
            assertThat(tooLong).as("a complete line over the limit is refused").isTrue();
        }
        if (tooLong) {
            // Netty counts a '\r' whose '\n' has not arrived yet, so a line of exactly the limit plus
            // "\r\n" split between the two is refused too; nothing shorter ever is.
            assertThat(lines.perhapsOverLimit).as("refused only when a line reaches the limit").isTrue();
        }
        int seen = 0;
        for (Object out; (out = channel.readInbound()) != null; seen++) {
            if (out instanceof FrameDecoder.BadFrame bad) {
                assertThat(bad.cause().code()).isIn(ErrorCode.BAD_FRAME, ErrorCode.UNKNOWN_TYPE);
                assertThat(Validation.hasLoneSurrogate(bad.cause().getMessage())).isFalse();
            } else if (out instanceof Frame frame) {
                roundTrips(frame);
                if (frame instanceof Request request) {
                    validated(request);
                }
            } else {
                fail("decoded to a " + out.getClass());
            }
        }
        if (tooLong) {
            // the decoder goes on after a long line within the same read; the handler then closes
            assertThat(seen).isBetween(lines.framesBeforeOverLimit, lines.frames);
        } else {
            assertThat(seen).as("one output per non-blank line").isEqualTo(lines.frames);
        }
        channel.finishAndReleaseAll();
    }

    private static void roundTrips(Frame frame) {
        byte[] again = CODEC.encode(frame);
        try {
            assertThat(CODEC.decode(again)).isEqualTo(frame);
        } catch (FrameDecodingException e) {
            throw new AssertionError("a decoded frame does not decode once re-encoded: " + frame, e);
        }
    }

    private static void validated(Request request) {
        Optional<Violation> violation = RequestValidator.check(request);
        if (violation.isPresent()) {
            assertThat(violation.get().code()).isIn(ErrorCode.BAD_FRAME, ErrorCode.INVALID_ARGUMENT,
                    ErrorCode.INVALID_USER);
            return;
        }
        assertThat(request.id()).isPositive();
        String text = null;
        if (request instanceof Request.SendBroadcast r) {
            text = r.text();
        } else if (request instanceof Request.SendMessage r) {
            text = r.text();
        } else if (request instanceof Request.SendRoomMessage r) {
            text = r.text();
        }
        if (text != null) {
            assertThat(text.length()).isBetween(1, Limits.MAX_TEXT_CHARS);
            assertThat(Validation.hasControlCharacter(text) || Validation.hasBidiControl(text)
                    || Validation.hasLoneSurrogate(text)).as(text).isFalse();
        }
        if (request instanceof Request.AuthorizeUpload r) {
            assertThat(Validation.isSafeFileName(r.fileName())).isTrue();
        }
    }

    /** What the line decoder should make of the input, worked out independently of it. */
    private record Lines(int frames, boolean surelyOverLimit, boolean perhapsOverLimit, int framesBeforeOverLimit) {
        static Lines of(byte[] input) {
            int frames = 0;
            boolean surely = false;
            boolean perhaps = false;
            int before = -1;
            int start = 0;
            for (int i = 0; i < input.length; i++) {
                if (input[i] != '\n') {
                    continue;
                }
                int raw = i - start;
                int length = raw > 0 && input[i - 1] == '\r' ? raw - 1 : raw; // "\r\n" is one delimiter
                boolean blank = length == 0 || (length == 1 && input[start] == '\r');
                if (raw > Limits.MAX_FRAME_BYTES && before < 0) {
                    before = frames;
                }
                surely |= length > Limits.MAX_FRAME_BYTES;
                perhaps |= raw > Limits.MAX_FRAME_BYTES;
                if (length <= Limits.MAX_FRAME_BYTES && !blank) {
                    frames++;
                }
                start = i + 1;
            }
            return new Lines(frames, surely, perhaps, before < 0 ? frames : before);
        }
    }
}
