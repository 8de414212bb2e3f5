package org.parley.transfer.seal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import org.parley.transfer.wire.Wire;

/**
 * The unsealed baseline: version-1 datagrams in clear with a CRC32C, as before sealing existed. Nothing is
 * authenticated and nothing is dropped as a replay (the sessions' own duplicate handling applies). Kept so the
 * transfer benchmark can measure what sealing costs in the same run; the product never builds it.
 */
final class ChecksumSealing implements Sealing {
    static final ChecksumSealing INSTANCE = new ChecksumSealing();
    private static final ThreadLocal<CRC32C> CRC = ThreadLocal.withInitial(CRC32C::new);

    private ChecksumSealing() {
    }

    @Override
    public int overhead() {
        return 0;
    }

    @Override
    public boolean looksLike(ByteBuffer datagram) {
        return datagram.limit() >= Wire.HEADER_BYTES && datagram.getShort(0) == Wire.MAGIC
                && datagram.get(2) == Wire.VERSION;
    }

    @Override
    public Seal forTransfer(TransferKey key, long transferId, Role self) {
        DropCounter drops = new DropCounter();
        Sealer sealer = encoded -> {
            Wire.addChecksum(encoded, CRC.get());
            return encoded;
        };
        Opener opener = new Opener() {
            @Override
            public ByteBuffer open(ByteBuffer datagram, ByteBuffer scratch) {
                if (Wire.isValid(datagram, CRC.get())) {
                    return datagram;
                }
                drops.unauthentic();
                return null;
            }

            @Override
            public DropCounter drops() {
                return drops;
            }
        };
        return new Seal(sealer, opener);
    }
}
