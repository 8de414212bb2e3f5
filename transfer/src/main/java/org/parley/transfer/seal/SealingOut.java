package org.parley.transfer.seal;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.parley.transfer.wire.DatagramOut;

/**
 * The seal layer on the way out: sessions send encoded datagrams here, the socket gets them sealed. Threads:
 * any, as the sealer and the socket allow.
 */
public final class SealingOut implements DatagramOut {
    private final Sealer sealer;
    private final int overhead;
    private final DatagramOut socket;

    public SealingOut(Sealer sealer, int overhead, DatagramOut socket) {
        this.sealer = sealer;
        this.overhead = overhead;
        this.socket = socket;
    }

    @Override
    public void send(ByteBuffer datagram, InetSocketAddress to) {
        socket.send(sealer.seal(datagram), to);
    }

    @Override
    public int overhead() {
        return overhead;
    }
}
