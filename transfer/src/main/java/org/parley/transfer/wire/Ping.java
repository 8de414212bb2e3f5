package org.parley.transfer.wire;

/** PING (S to R): asks for a fresh ACK; the sender's clock, to be echoed. */
public record Ping(int tsMicros) {
}
