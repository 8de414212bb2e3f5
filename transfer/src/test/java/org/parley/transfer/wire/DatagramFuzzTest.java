package org.parley.transfer.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.zip.CRC32C;
import org.parley.transfer.seal.DroppedDatagrams;
import org.parley.transfer.seal.Role;
import org.parley.transfer.seal.Seal;
import org.parley.transfer.seal.Sealing;
import org.parley.transfer.seal.TransferKey;

/**
 * Fuzzes the parsers of the UDP transfer protocol (PROTOCOL-UDP.md) on datagrams a stranger may send:
 * first the seal layer, which every datagram meets before anything else reads it ({@link Sealing#looksLike}
 * and a transfer's {@code Opener}, under a key the fuzzer does not have), then the unsealed header check
 * ({@link Wire#isValid}) and every codec's decoder on the input as a body: {@link OfferCodec},
 * {@link AcceptCodec}, {@link DataCodec}, {@link AckCodec}, {@link PingCodec}, {@link DoneCodec} and
 * {@link ReasonCodec} (REJECT, CANCEL). Someone holding the key could seal any body, so the bodies are fuzzed as
 * if they had been opened. Seeds: {@code DatagramFuzzTestInputs/datagram}; docs/FUZZING.md.
 */
class DatagramFuzzTest {

    /** The transfer every sealed input belongs to: an opener reads only its own transfer's datagrams. */
    private static final long ID = 42;

    private final CRC32C crc = new CRC32C();
    /** A fresh key per input: a new sealer counts from 0 again, and one key must never see a nonce twice. */
    private final TransferKey key = TransferKey.random();
    private final Seal presenter = Sealing.aead().forTransfer(key, ID, Role.PRESENTER);
    private final Seal audience = Sealing.aead().forTransfer(key, ID, Role.AUDIENCE);
    private final ByteBuffer scratch = ByteBuffer.allocate(65_536);

    /**
     * Properties: nothing throws; the header check leaves the buffer as it was and accepts the
     * input once it is sealed with its CRC (and a valid header); each decoder either refuses the body with
     * {@link MalformedDatagramException} or reads it to the end and re-encodes it to exactly the bytes it came
     * from; a reason is never empty and has no control characters (it is shown to the user).
     */
    @FuzzTest(maxDuration = "10s")
    void datagram(byte[] input) {
        opensNothingItDidNotSeal(input);
        sealsAndOpensAnyBodyExactly(input);

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

        decodesExactlyOrRefuses(input, OfferCodec::decode, (out, offer) -> OfferCodec.encode(out, 1, offer));
        decodesExactlyOrRefuses(input, AcceptCodec::decode, (out, accept) -> AcceptCodec.encode(out, 1, accept));
        decodesExactlyOrRefuses(input, DataCodec::decode, (out, data) -> DataCodec.encode(out, 1, data));
        decodesExactlyOrRefuses(input, AckCodec::decode, (out, ack) -> AckCodec.encode(out, 1, ack));
        decodesExactlyOrRefuses(input, PingCodec::decode, (out, ping) -> PingCodec.encode(out, 1, ping));
        decodesExactlyOrRefuses(input, body -> {
            DoneCodec.decode(body);
            return Boolean.TRUE;
        }, (out, done) -> DoneCodec.encode(out, 1));

        String reason = ReasonCodec.decodeOrNoReason(ByteBuffer.wrap(input));
        assertThat(reason).isNotEmpty();
        assertThat(reason.codePoints().noneMatch(Character::isISOControl)).isTrue();
        try {
            ReasonCodec.decode(ByteBuffer.wrap(input));
            assertThat(input.length).as("a reason is its length and its bytes").isEqualTo(
                    2 + (((input[0] & 0xFF) << 8) | (input[1] & 0xFF)));
        } catch (MalformedDatagramException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    private interface Decoder<T> {
        T decode(ByteBuffer body) throws MalformedDatagramException;
    }

    /**
     * One codec on the input as a body. Properties: the only failure is {@link MalformedDatagramException} with a
     * message; whatever it accepts it read to the end, and re-encodes to exactly the bytes it came from (so
     * nothing in it was guessed or lost).
     */
    private static <T> void decodesExactlyOrRefuses(byte[] input, Decoder<T> decoder,
                                                    BiConsumer<ByteBuffer, T> encoder) {
        ByteBuffer body = ByteBuffer.wrap(input.clone());
        T decoded;
        try {
            decoded = decoder.decode(body);
        } catch (MalformedDatagramException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(body.hasRemaining()).as("a decoder reads its body to the end").isFalse();
        ByteBuffer again = ByteBuffer.allocate(Wire.HEADER_BYTES + input.length);
        encoder.accept(again, decoded);
        byte[] bodyAgain = Arrays.copyOfRange(again.array(), Wire.HEADER_BYTES, again.limit());
        assertThat(Arrays.equals(bodyAgain, input)).as("%s re-encodes to its own bytes", decoded).isTrue();
    }

    /**
     * Garbage through the receive path's first two steps: the shape check and the opener. Properties: neither
     * throws nor changes the buffer; the opener opens nothing (no forged tag) and counts each refusal once.
     */
    private void opensNothingItDidNotSeal(byte[] input) {
        ByteBuffer datagram = ByteBuffer.wrap(input.clone());
        boolean shaped = Sealing.aead().looksLike(datagram);
        long before = audience.opener().drops().snapshot().unauthentic()
                + audience.opener().drops().snapshot().replayed();
        assertThat(audience.opener().open(datagram, scratch)).as("a forged datagram opens").isNull();
        DroppedDatagrams after = audience.opener().drops().snapshot();
        assertThat(after.unauthentic() + after.replayed()).isEqualTo(before + 1);
        assertThat(after.strangers()).isZero();
        assertThat(datagram.position()).isZero();
        assertThat(datagram.limit()).isEqualTo(input.length);
        assertThat(Arrays.equals(datagram.array(), input)).as("the opener left the datagram as it was").isTrue();
        if (shaped) {
            assertThat(input.length).isGreaterThanOrEqualTo(40);
        }
    }

    /**
     * The input as the body of an encoded datagram: sealed and opened again it comes back byte for byte, and
     * one changed byte of the sealed form (where the input says) makes it unreadable.
     */
    private void sealsAndOpensAnyBodyExactly(byte[] input) {
        if (input.length > 65_000) {
            return;
        }
        ByteBuffer encoded = ByteBuffer.allocate(Wire.HEADER_BYTES + input.length);
        Wire.begin(encoded, input.length > 0 ? input[0] & 0xFF : PacketType.DATA, ID);
        encoded.put(input);
        Wire.finish(encoded);
        byte[] plain = new byte[encoded.remaining()];
        encoded.duplicate().get(plain);

        ByteBuffer sealed = presenter.sealer().seal(encoded);
        byte[] onWire = new byte[sealed.remaining()];
        sealed.get(onWire);
        assertThat(Sealing.aead().looksLike(ByteBuffer.wrap(onWire))).isTrue();
        if (input.length > 0) {
            byte[] tampered = onWire.clone();
            tampered[(input[input.length - 1] & 0xFF) % tampered.length] ^= 1;
            assertThat(audience.opener().open(ByteBuffer.wrap(tampered), scratch)).isNull();
        }
        ByteBuffer opened = audience.opener().open(ByteBuffer.wrap(onWire), scratch);
        assertThat(opened).isNotNull();
        byte[] back = new byte[opened.remaining()];
        opened.get(back);
        assertThat(Arrays.equals(back, plain)).as("opened exactly what was sealed").isTrue();
        assertThat(audience.opener().open(ByteBuffer.wrap(onWire), scratch)).as("and only once").isNull();
    }
}
