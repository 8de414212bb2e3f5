package org.parley.transfer;

import java.util.Objects;
import org.parley.transfer.seal.TransferKey;

/**
 * What the server told the audience about an upload it authorised: the audience accepts an offer for
 * {@code transferId} only when it carries {@code token} and matches every other field, and reads only
 * datagrams sealed under {@code key}.
 */
public record IncomingTransfer(long transferId, String token, String presenter, String fileName, long size,
                               String sha256Hex, TransferKey key) {
    public IncomingTransfer {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(presenter, "presenter");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(sha256Hex, "sha256Hex");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
    }

    /** The name the verified file takes in the download directory. */
    public String finalName() {
        return presenter + "_" + fileName;
    }
}
