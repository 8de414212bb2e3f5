package org.parley.client.link;

import java.io.IOException;
import java.util.Optional;
import org.parley.protocol.LinkRefusal;

/**
 * A private link was refused over a key: the peer's port presented another certificate than the server
 * said it would, or the peer refused ours, or the server gave no usable fingerprint. The message is the
 * whole line to show.
 */
public final class LinkRefusedException extends IOException {

    private static final long serialVersionUID = 1L;

    private final LinkRefusal mismatch;

    LinkRefusedException(String message, LinkRefusal mismatch) {
        super(message);
        this.mismatch = mismatch;
    }

    /** The key mismatch behind a failed connect, if that is what failed it. */
    public static Optional<LinkRefusal> mismatchIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof LinkRefusedException refused) {
                return refused.mismatch();
            }
        }
        return Optional.empty();
    }

    /** Which certificate did not match, when one did not (then the peer should be told, through the server). */
    public Optional<LinkRefusal> mismatch() {
        return Optional.ofNullable(mismatch);
    }
}
