package org.parley.server.core;

/**
 * A frame already serialised to JSON (without the newline), shared read-only by every recipient of a
 * fan-out so that a broadcast is encoded once, not once per user.
 */
public record EncodedFrame(byte[] json) {}
