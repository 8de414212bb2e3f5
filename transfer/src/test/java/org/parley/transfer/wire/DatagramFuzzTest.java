package org.parley.transfer.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Fuzzes the parsers of the UDP transfer protocol (PROTOCOL-UDP.md) on datagrams a stranger may send:
 * the common header check ({@link Wire#isValid}) and the bodies with structure, OFFER ({@link
 * Offer#decode}) and REJECT/CANCEL ({@link Reason#decode}). A sender can compute the CRC, so the bodies
 * are fuzzed whether or not the checksum matches. Seeds: {@code DatagramFuzzTestInputs/datagram};
 * docs/FUZZING.md.
 */
class DatagramFuzzTest {

    private final CRC32C crc = new CRC32C();

    /**
     * Properties: nothing throws; the header check leaves the buffer as it was and accepts the
     * input once it is sealed with its CRC (and a valid header); a decoded OFFER re-encodes to exactly
     * the bytes it came from (so nothing in it was guessed or lost); a reason is never empty and has no
     * control characters (it is shown to the user).
     */
    @FuzzTest(maxDuration = "10s")
    void datagram(byte[] input) {
        ByteBuffer datagram = ByteBuffer.wrap(input.clone());
        boolean valid = Wire.isValid(datagram, crc);
        assertThat(datagram.position()).isZero();
        assertThat(datagram.limit()).isEqualTo(input.length);
        if (valid) {
            Wire.type(datagram);
            Wire.transferId(datagram);
        }
        if (input.length >= Wire.HEADER_BYTES) {
            ByteBuffer sealed = ByteBuffer.allocate(input.length);
            sealed.put(input);
            sealed.putShort(0, Wire.MAGIC).put(2, Wire.VERSION);
            Wire.finish(sealed);
            Wire.addChecksum(sealed, crc);
            assertThat(Wire.isValid(sealed, crc)).as("a sealed datagram is valid").isTrue();
        }

        ByteBuffer body = ByteBuffer.wrap(input);
        Optional<Offer> offer = Offer.decode(body.duplicate());
        offer.ifPresent(o -> {
            assertThat(o.size()).isNotNegative();
            assertThat(o.chunkSize()).isBetween(1, 65_535);
            assertThat(o.bodyBytes()).isEqualTo(input.length);
            ByteBuffer again = ByteBuffer.allocate(o.bodyBytes());
            o.encode(again);
            assertThat(Arrays.equals(again.array(), input)).as("an OFFER re-encodes to its own bytes").isTrue();
        });

        String reason = Reason.decode(body.duplicate());
        assertThat(reason).isNotEmpty();
        assertThat(reason.codePoints().noneMatch(Character::isISOControl)).isTrue();
    }
}
