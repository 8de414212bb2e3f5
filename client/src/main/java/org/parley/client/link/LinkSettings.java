package org.parley.client.link;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of the private-chat links.
 *
 * @param handshakeTimeout how long a new connection may take to complete the TLS handshake and then
 *        Hello/Ready, on either side; a silent stranger is dropped after this
 * @param connectTimeout TCP connect timeout when opening a link
 * @param tokenLifetime how long an expected token stays valid if nobody presents it
 * @param maxExpectedTokens expected tokens held at once (a safety net: the server issues them)
 * @param maxPendingWriteBytes bytes queued towards one peer before it counts as unreachable, so a peer
 *        that stops reading cannot grow our memory
 */
public record LinkSettings(Duration handshakeTimeout, Duration connectTimeout, Duration tokenLifetime,
                           int maxExpectedTokens, int maxPendingWriteBytes) {

    public LinkSettings {
        requirePositive(handshakeTimeout, "handshakeTimeout");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(tokenLifetime, "tokenLifetime");
        if (maxExpectedTokens < 1) {
            throw new IllegalArgumentException("maxExpectedTokens must be at least 1");
        }
        if (maxPendingWriteBytes < 1024) {
            throw new IllegalArgumentException("maxPendingWriteBytes must be at least 1024");
        }
    }

    public static LinkSettings defaults() {
        return new LinkSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofMinutes(2), 256, 1 << 20);
    }

    public LinkSettings withHandshakeTimeout(Duration timeout) {
        return new LinkSettings(timeout, connectTimeout, tokenLifetime, maxExpectedTokens, maxPendingWriteBytes);
    }

    public LinkSettings withMaxPendingWriteBytes(int bytes) {
        return new LinkSettings(handshakeTimeout, connectTimeout, tokenLifetime, maxExpectedTokens, bytes);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
