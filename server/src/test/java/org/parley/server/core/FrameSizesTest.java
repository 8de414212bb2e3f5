package org.parley.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.protocol.Event;
import org.parley.protocol.Frame;
import org.parley.protocol.FrameCodec;
import org.parley.protocol.Limits;

class FrameSizesTest {

    private static final FrameCodec<Frame> CODEC = FrameCodec.frames();

    @Test
    void theEstimateIsNeverBelowTheEncodedFrameAndOnlyAFewBytesAbove() {
        for (String text : List.of("hi", "x".repeat(Limits.MAX_TEXT_CHARS), "\u2713".repeat(Limits.MAX_TEXT_CHARS),
                "h\u00e9 \"quoted\" back\\slash", "\ud83d\ude00 emoji", "\u00e9".repeat(3999) + "\"")) {
            Event.MessageReceived event = new Event.MessageReceived(Long.MAX_VALUE, "a".repeat(Limits.MAX_USERNAME_CHARS),
                    text, Long.MAX_VALUE, false);
            int encoded = CODEC.encode(event).length + 1; // and the newline
            assertThat(FrameSizes.of(event)).as(text.substring(0, Math.min(10, text.length())))
                    .isGreaterThanOrEqualTo(encoded).isLessThan(encoded + 64);
        }
    }
}
