package org.parley.server.core;

import java.util.List;

/**
 * Delivers one encoded frame to many connections. The default writes to each in turn; the network
 * layer supplies one that batches the writes per I/O thread, so a broadcast to a thousand users costs
 * a handful of cross-thread hand-offs and flushes instead of a thousand.
 */
@FunctionalInterface
public interface Fanout {

    Fanout ONE_BY_ONE = (frame, recipients) -> recipients.forEach(out -> out.send(frame));

    void send(EncodedFrame frame, List<Outbound> recipients);
}
