package org.parley.transfer.wire;

/** Chunks [start, end) held by the audience above its cumulative point. */
public record AckRange(int start, int end) {
}
