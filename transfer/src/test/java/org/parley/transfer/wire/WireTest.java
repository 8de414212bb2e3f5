package org.parley.transfer.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class WireTest {
    private final CRC32C crc = new CRC32C();

    @Test
    void sealedDatagramIsValidAndCarriesTypeAndId() {
        ByteBuffer b = ByteBuffer.allocate(64);
        Wire.begin(b, PacketType.PING, 0x1122334455667788L);
        b.putInt(42);
        Wire.finish(b);
        Wire.addChecksum(b, crc);

        assertThat(b.remaining()).isEqualTo(Wire.HEADER_BYTES + 4);
        assertThat(Wire.isValid(b, crc)).isTrue();
        assertThat(Wire.type(b)).isEqualTo(PacketType.PING);
        assertThat(Wire.transferId(b)).isEqualTo(0x1122334455667788L);
    }

    @Test
    void anySingleFlippedByteIsDetected() {
        ByteBuffer b = ByteBuffer.allocate(64);
        Wire.begin(b, PacketType.DATA, 7);
        b.putInt(3).put((byte) 0).put((byte) 0).putInt(99).put(new byte[] {1, 2, 3, 4, 5});
        Wire.finish(b);
        Wire.addChecksum(b, crc);
        for (int i = 0; i < b.limit(); i++) {
            byte original = b.get(i);
            b.put(i, (byte) (original ^ 0x10));
            assertThat(Wire.isValid(b, crc)).as("flip at %d", i).isFalse();
            b.put(i, original);
        }
        assertThat(Wire.isValid(b, crc)).isTrue();
    }

    @Test
    void truncatedDatagramsAreInvalid() {
        ByteBuffer b = ByteBuffer.allocate(64);
        Wire.begin(b, PacketType.ACK, 7);
        b.putInt(1).putInt(2).putInt(3).putShort((short) 0);
        Wire.finish(b);
        Wire.addChecksum(b, crc);
        int full = b.limit();
        for (int length = 0; length < full; length++) {
            b.limit(length);
            assertThat(Wire.isValid(b, crc)).as("length %d", length).isFalse();
        }
    }
}
