package org.parley.transfer.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Byte-exact layouts of every datagram type (PROTOCOL-UDP.md): each example is written out byte by byte, encodes
 * to exactly those bytes and decodes back to the same record; every truncation, extension or out-of-range field
 * is refused with {@link MalformedDatagramException}.
 */
class CodecsTest {
    private static final long ID = 0x0102030405060708L;

    /** The common header for {@link #ID} and {@code type}, as hex. */
    private static String header(int type) {
        return "504c01" + String.format("%02x", type) + "00000000" + "0102030405060708";
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static byte[] encoded(Consumer<ByteBuffer> encoder) {
        ByteBuffer out = ByteBuffer.allocate(2048);
        encoder.accept(out);
        assertThat(out.position()).as("the encoder leaves the buffer as exactly the datagram").isZero();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }

    /** The body of an encoded datagram, positioned as the endpoint hands it to a decoder. */
    private static ByteBuffer body(byte[] datagram) {
        return ByteBuffer.wrap(datagram).position(Wire.HEADER_BYTES);
    }

    private interface Decoder {
        Object decode(ByteBuffer body) throws MalformedDatagramException;
    }

    /** Every strict prefix of the body, and the body with one byte more, is refused. */
    private static void refusesEveryTruncationAndExtension(byte[] datagram, Decoder decoder) {
        for (int length = Wire.HEADER_BYTES; length < datagram.length; length++) {
            byte[] cut = Arrays.copyOf(datagram, length);
            assertThatThrownBy(() -> decoder.decode(body(cut))).as("cut at %d", length)
                    .isInstanceOf(MalformedDatagramException.class);
        }
        byte[] longer = Arrays.copyOf(datagram, datagram.length + 1);
        assertThatThrownBy(() -> decoder.decode(body(longer))).as("one byte more")
                .isInstanceOf(MalformedDatagramException.class);
    }

    @Nested
    class OfferLayout {
        private final Offer offer = new Offer("tok", "yoda", "a.b", 0x1122334455L, "ab".repeat(32), 1446, 0x0A0B0C0D);
        private final byte[] wire = hex(header(PacketType.OFFER)
                + "03 746f6b" + "04 796f6461" + "0003 612e62"
                + "0000001122334455" + "ab".repeat(32) + "05a6" + "0a0b0c0d");

        @Test
        void encodesToTheDocumentedBytesAndBack() throws Exception {
            assertThat(encoded(b -> OfferCodec.encode(b, ID, offer))).isEqualTo(wire);
            assertThat(OfferCodec.bodyBytes(offer)).isEqualTo(wire.length - Wire.HEADER_BYTES);
            assertThat(OfferCodec.decode(body(wire))).isEqualTo(offer);
        }

        @Test
        void refusesMalformedInput() {
            refusesEveryTruncationAndExtension(wire, OfferCodec::decode);
            byte[] badUtf8 = wire.clone();
            badUtf8[Wire.HEADER_BYTES + 1] = (byte) 0xFF;
            assertThatThrownBy(() -> OfferCodec.decode(body(badUtf8))).hasMessageContaining("token is not UTF-8");
            byte[] negative = wire.clone();
            negative[Wire.HEADER_BYTES + 14] = (byte) 0x80;
            assertThatThrownBy(() -> OfferCodec.decode(body(negative))).hasMessageContaining("size is negative");
            byte[] zeroChunk = wire.clone();
            zeroChunk[wire.length - 6] = 0;
            zeroChunk[wire.length - 5] = 0;
            assertThatThrownBy(() -> OfferCodec.decode(body(zeroChunk))).hasMessageContaining("chunk size is 0");
        }
    }

    @Nested
    class AcceptLayout {
        private final byte[] wire = hex(header(PacketType.ACCEPT) + "0a0b0c0d" + "00000400" + "00000003");

        @Test
        void encodesToTheDocumentedBytesAndBack() throws Exception {
            Accept accept = new Accept(0x0A0B0C0D, 1024, 3);
            assertThat(encoded(b -> AcceptCodec.encode(b, ID, accept))).isEqualTo(wire);
            assertThat(AcceptCodec.decode(body(wire))).isEqualTo(accept);
        }

        @Test
        void refusesMalformedInput() {
            refusesEveryTruncationAndExtension(wire, AcceptCodec::decode);
            byte[] negative = wire.clone();
            negative[Wire.HEADER_BYTES + 8] = (byte) 0x80;
            assertThatThrownBy(() -> AcceptCodec.decode(body(negative))).hasMessageContaining("resume point");
        }
    }

    @Nested
    class DataLayout {
        private final byte[] wire = hex(header(PacketType.DATA) + "00000007" + "01" + "00" + "0a0b0c0d" + "cafe");

        @Test
        void encodesToTheDocumentedBytesAndBack() throws Exception {
            Data data = new Data(7, DataCodec.FLAG_RETRANSMIT, 0x0A0B0C0D, ByteBuffer.wrap(hex("cafe")));
            assertThat(encoded(b -> DataCodec.encode(b, ID, data))).isEqualTo(wire);
            Data decoded = DataCodec.decode(body(wire));
            assertThat(decoded).isEqualTo(data);
            assertThat(decoded.chunk().remaining()).isEqualTo(2);
        }

        @Test
        void theChunkMayBeEmptyButTheFieldsBeforeItMayNot() throws Exception {
            byte[] empty = Arrays.copyOf(wire, wire.length - 2);
            assertThat(DataCodec.decode(body(empty)).chunk().hasRemaining()).isFalse();
            for (int length = Wire.HEADER_BYTES; length < empty.length; length++) {
                byte[] cut = Arrays.copyOf(wire, length);
                assertThatThrownBy(() -> DataCodec.decode(body(cut))).isInstanceOf(MalformedDatagramException.class);
            }
        }

        @Test
        void refusesANegativeSeqAndUnknownFlags() {
            byte[] negative = wire.clone();
            negative[Wire.HEADER_BYTES] = (byte) 0x80;
            assertThatThrownBy(() -> DataCodec.decode(body(negative))).hasMessageContaining("seq");
            byte[] flags = wire.clone();
            flags[Wire.HEADER_BYTES + 4] = 2;
            assertThatThrownBy(() -> DataCodec.decode(body(flags))).hasMessageContaining("flags");
            byte[] reserved = wire.clone();
            reserved[Wire.HEADER_BYTES + 5] = 1;
            assertThatThrownBy(() -> DataCodec.decode(body(reserved))).hasMessageContaining("flags");
        }
    }

    @Nested
    class AckLayout {
        private final byte[] wire = hex(header(PacketType.ACK) + "00000005" + "0a0b0c0d" + "00000100" + "0002"
                + "00000007" + "00000009" + "0000000c" + "0000000d");

        @Test
        void encodesToTheDocumentedBytesAndBack() throws Exception {
            Ack ack = new Ack(5, 0x0A0B0C0D, 256, List.of(new AckRange(7, 9), new AckRange(12, 13)));
            assertThat(encoded(b -> AckCodec.encode(b, ID, ack))).isEqualTo(wire);
            assertThat(AckCodec.decode(body(wire))).isEqualTo(ack);
        }

        @Test
        void refusesMalformedInput() {
            refusesEveryTruncationAndExtension(wire, AckCodec::decode);
            byte[] emptyRange = wire.clone();
            emptyRange[wire.length - 5] = 0x0d;
            assertThatThrownBy(() -> AckCodec.decode(body(emptyRange))).hasMessageContaining("range 1");
            byte[] negative = wire.clone();
            negative[Wire.HEADER_BYTES] = (byte) 0x80;
            assertThatThrownBy(() -> AckCodec.decode(body(negative))).hasMessageContaining("cumulative");
        }

        @Test
        void aFullDatagramOfRangesFitsItsSize() {
            int max = AckCodec.maxRanges(1472);
            AckRange[] ranges = new AckRange[max];
            for (int i = 0; i < max; i++) {
                ranges[i] = new AckRange(2 * i + 1, 2 * i + 2);
            }
            assertThat(encoded(b -> AckCodec.encode(b, ID, new Ack(0, 0, 0, List.of(ranges))))).hasSizeBetween(
                    1472 - 7, 1472);
        }
    }

    @Nested
    class PingLayout {
        private final byte[] wire = hex(header(PacketType.PING) + "0a0b0c0d");

        @Test
        void encodesToTheDocumentedBytesAndBack() throws Exception {
            assertThat(encoded(b -> PingCodec.encode(b, ID, new Ping(0x0A0B0C0D)))).isEqualTo(wire);
            assertThat(PingCodec.decode(body(wire))).isEqualTo(new Ping(0x0A0B0C0D));
        }

        @Test
        void refusesMalformedInput() {
            refusesEveryTruncationAndExtension(wire, PingCodec::decode);
        }
    }

    @Nested
    class DoneLayout {
        private final byte[] wire = hex(header(PacketType.DONE));

        @Test
        void isTheHeaderAlone() throws Exception {
            assertThat(encoded(b -> DoneCodec.encode(b, ID))).isEqualTo(wire);
            DoneCodec.decode(body(wire));
        }

        @Test
        void refusesABody() {
            refusesEveryTruncationAndExtension(wire, b -> {
                DoneCodec.decode(b);
                return null;
            });
        }
    }

    @Nested
    class ReasonLayout {
        private final byte[] reject = hex(header(PacketType.REJECT) + "0004 6e6f7065");
        private final byte[] cancel = hex(header(PacketType.CANCEL) + "0004 6e6f7065");

        @Test
        void encodesToTheDocumentedBytesAndBack() throws Exception {
            assertThat(encoded(b -> ReasonCodec.encode(b, PacketType.REJECT, ID, "nope"))).isEqualTo(reject);
            assertThat(encoded(b -> ReasonCodec.encode(b, PacketType.CANCEL, ID, "nope"))).isEqualTo(cancel);
            assertThat(ReasonCodec.decode(body(reject))).isEqualTo("nope");
        }

        @Test
        void refusesMalformedInputButAPeersLastWordStillEndsTheTransfer() {
            refusesEveryTruncationAndExtension(reject, ReasonCodec::decode);
            assertThat(ReasonCodec.decodeOrNoReason(body(Arrays.copyOf(reject, reject.length - 1))))
                    .isEqualTo(ReasonCodec.NO_REASON);
        }

        @Test
        void controlCharactersBecomeQuestionMarksAndAnEmptyReasonIsNamed() throws Exception {
            byte[] control = encoded(b -> ReasonCodec.encode(b, PacketType.REJECT, ID, "bad\nthing\u0007"));
            assertThat(ReasonCodec.decode(body(control))).isEqualTo("bad?thing?");
            byte[] empty = hex(header(PacketType.REJECT) + "0000");
            assertThat(ReasonCodec.decode(body(empty))).isEqualTo(ReasonCodec.NO_REASON);
        }

        @Test
        void aLongReasonIsCutToItsLimitAndToTheDatagram() throws Exception {
            byte[] limited = encoded(b -> ReasonCodec.encode(b, PacketType.REJECT, ID, "x".repeat(5000)));
            assertThat(limited).hasSize(Wire.HEADER_BYTES + 2 + ReasonCodec.MAX_REASON_BYTES);
            ByteBuffer small = ByteBuffer.allocate(Wire.HEADER_BYTES + 10);
            ReasonCodec.encode(small, PacketType.CANCEL, ID, "x".repeat(100));
            assertThat(small.remaining()).isEqualTo(Wire.HEADER_BYTES + 10);
            assertThat(ReasonCodec.decode(small.position(Wire.HEADER_BYTES))).isEqualTo("x".repeat(8));
        }
    }
}
