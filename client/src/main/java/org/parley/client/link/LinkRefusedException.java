package org.parley.client.link;

import java.io.IOException;

/**
 * A private link was refused because a key did not match: the peer's port presented another certificate
 * than the server said it would, or the peer refused ours. The message is the whole line to show.
 */
public final class LinkRefusedException extends IOException {

    private static final long serialVersionUID = 1L;

    public LinkRefusedException(String message) {
        super(message);
    }
}
