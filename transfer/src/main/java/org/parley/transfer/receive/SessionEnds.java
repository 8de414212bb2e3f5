package org.parley.transfer.receive;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/** How an incoming session tells its endpoint it is over, leaving the last word to repeat to a late peer. */
public interface SessionEnds {
    /**
     * @param finalReply the sealed DONE or REJECT datagram to answer stragglers with, or null
     * @param peer       the presenter's address, or null when no authorised offer ever arrived
     */
    void ended(IncomingSession session, ByteBuffer finalReply, InetSocketAddress peer);
}
