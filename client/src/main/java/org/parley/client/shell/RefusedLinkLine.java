package org.parley.client.shell;

import org.parley.protocol.Event;
import org.parley.protocol.LinkRefusal;
import org.parley.tls.Fingerprint;

/**
 * The line a target sees when the asker's client reports (through the server) that the link it opened
 * was refused over a key: the target's own client only saw a stranger's handshake fail.
 */
final class RefusedLinkLine {

    private RefusedLinkLine() {
    }

    static String of(Event.PrivateLinkRefused e, Fingerprint yours) {
        String why = e.reason() == LinkRefusal.WRONG_KEY
                ? "your port showed " + e.user() + " another key than the server gave it"
                : "your client was given another key for " + e.user() + " than it presented";
        return "Error. The private link from " + e.user() + " was refused: " + why
                + " (someone may be in between: compare fingerprints with " + e.user() + "; yours is " + yours + ")";
    }
}
