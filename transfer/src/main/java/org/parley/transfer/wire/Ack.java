package org.parley.transfer.wire;

import java.util.List;

/**
 * ACK (R to S): every chunk below {@code cumulative} is held, and so are the {@code ranges} above it (nearest
 * first; a long list continues in further ACKs); the last DATA/PING timestamp echoed and the window granted.
 */
public record Ack(int cumulative, int echoMicros, int window, List<AckRange> ranges) {
    public Ack {
        ranges = List.copyOf(ranges);
    }
}
