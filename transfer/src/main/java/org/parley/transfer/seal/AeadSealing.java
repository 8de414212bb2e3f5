package org.parley.transfer.seal;

import java.nio.ByteBuffer;
import org.parley.transfer.wire.Wire;

/** AES-256-GCM per datagram; see {@link SealedLayout}. Stateless: all state is in each transfer's seal. */
final class AeadSealing implements Sealing {
    static final AeadSealing INSTANCE = new AeadSealing();

    private AeadSealing() {
    }

    @Override
    public int overhead() {
        return SealedLayout.OVERHEAD;
    }

    @Override
    public boolean looksLike(ByteBuffer datagram) {
        return datagram.limit() >= SealedLayout.MIN_BYTES && datagram.getShort(0) == Wire.MAGIC
                && datagram.get(2) == SealedLayout.VERSION;
    }

    @Override
    public Seal forTransfer(TransferKey key, long transferId, Role self) {
        byte[] raw = key.bytes();
        try {
            return new Seal(new AeadSealer(raw, self), new AeadOpener(raw, transferId, self.peer()));
        } finally {
            java.util.Arrays.fill(raw, (byte) 0);
        }
    }
}
