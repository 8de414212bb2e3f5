package org.parley.transfer;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of a transfer endpoint.
 *
 * @param maxDatagramBytes   whole UDP payload per datagram, header included; 1472 fits a 1500-byte Ethernet MTU
 * @param idleTimeout        a transfer whose peer sends nothing useful for this long fails
 * @param offerTimeout       an expected upload whose offer never arrives is forgotten after this long
 * @param maxWindowChunks    upper bound on data datagrams in flight per transfer
 * @param socketBufferBytes  requested SO_RCVBUF/SO_SNDBUF; the kernel may grant less
 * @param maxBytesPerSecond  pacing ceiling per transfer, 0 for none (the receiver's window still applies)
 */
public record TransferConfig(int maxDatagramBytes, Duration idleTimeout, Duration offerTimeout, int maxWindowChunks,
                             int socketBufferBytes, long maxBytesPerSecond) {
    public static final int MIN_DATAGRAM_BYTES = 64;
    public static final int MAX_DATAGRAM_BYTES = 65_507;

    public TransferConfig {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(offerTimeout, "offerTimeout");
        if (maxDatagramBytes < MIN_DATAGRAM_BYTES || maxDatagramBytes > MAX_DATAGRAM_BYTES) {
            throw new IllegalArgumentException("maxDatagramBytes must be in [" + MIN_DATAGRAM_BYTES + ", "
                    + MAX_DATAGRAM_BYTES + "]: " + maxDatagramBytes);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero() || offerTimeout.isNegative() || offerTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (maxWindowChunks < 2 || socketBufferBytes < 0 || maxBytesPerSecond < 0) {
            throw new IllegalArgumentException("window must be at least 2 and buffer and rate not negative");
        }
    }

    public static TransferConfig defaults() {
        return new TransferConfig(1472, Duration.ofSeconds(10), Duration.ofSeconds(60), 8192, 4 << 20, 0);
    }

    public TransferConfig withMaxDatagramBytes(int bytes) {
        return new TransferConfig(bytes, idleTimeout, offerTimeout, maxWindowChunks, socketBufferBytes,
                maxBytesPerSecond);
    }

    public TransferConfig withIdleTimeout(Duration timeout) {
        return new TransferConfig(maxDatagramBytes, timeout, offerTimeout, maxWindowChunks, socketBufferBytes,
                maxBytesPerSecond);
    }

    public TransferConfig withOfferTimeout(Duration timeout) {
        return new TransferConfig(maxDatagramBytes, idleTimeout, timeout, maxWindowChunks, socketBufferBytes,
                maxBytesPerSecond);
    }

    public TransferConfig withMaxWindowChunks(int chunks) {
        return new TransferConfig(maxDatagramBytes, idleTimeout, offerTimeout, chunks, socketBufferBytes,
                maxBytesPerSecond);
    }

    public TransferConfig withMaxBytesPerSecond(long rate) {
        return new TransferConfig(maxDatagramBytes, idleTimeout, offerTimeout, maxWindowChunks, socketBufferBytes,
                rate);
    }
}
