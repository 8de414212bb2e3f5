package org.parley.transfer;

import java.net.InetSocketAddress;
import java.util.Objects;
import org.parley.transfer.seal.TransferKey;

/**
 * What the server gave the presenter: the authorisation to send one file to the audience's UDP address, and
 * the key every datagram of the transfer is sealed under.
 */
public record OutgoingTransfer(long transferId, String token, String presenter, String fileName,
                               InetSocketAddress audience, long size, String sha256Hex, TransferKey key) {
    public OutgoingTransfer {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(presenter, "presenter");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(sha256Hex, "sha256Hex");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
    }
}
