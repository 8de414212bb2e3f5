package org.parley.transfer.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * OFFER body: token (u8 length + UTF-8), presenter (u8 length + UTF-8), file name (u16 length + UTF-8),
 * size (u64), SHA-256 (32 bytes), chunk size (u16), timestamp (u32).
 */
public final class OfferCodec {
    private static final int SHA256_BYTES = 32;

    private OfferCodec() {
    }

    /** Bytes the body needs; the caller checks header plus body fit its datagram size. */
    public static int bodyBytes(Offer offer) {
        return 1 + utf8(offer.token()).length + 1 + utf8(offer.presenter()).length + 2 + utf8(offer.fileName()).length
                + 8 + SHA256_BYTES + 2 + 4;
    }

    /** Writes the whole datagram; the buffer is left as exactly the datagram. */
    public static void encode(ByteBuffer out, long transferId, Offer offer) {
        byte[] tokenBytes = utf8(offer.token());
        byte[] presenterBytes = utf8(offer.presenter());
        byte[] nameBytes = utf8(offer.fileName());
        if (tokenBytes.length > 255 || presenterBytes.length > 255 || nameBytes.length > 65_535) {
            throw new IllegalArgumentException("offer field too long");
        }
        if (offer.chunkSize() < 1 || offer.chunkSize() > 65_535 || offer.size() < 0) {
            throw new IllegalArgumentException("offer size or chunk size out of range");
        }
        Wire.begin(out, PacketType.OFFER, transferId);
        out.put((byte) tokenBytes.length).put(tokenBytes);
        out.put((byte) presenterBytes.length).put(presenterBytes);
        out.putShort((short) nameBytes.length).put(nameBytes);
        out.putLong(offer.size()).put(HexFormat.of().parseHex(offer.sha256Hex()))
                .putShort((short) offer.chunkSize()).putInt(offer.tsMicros());
        Wire.finish(out);
    }

    /** Reads the body from the buffer's position to its limit; the SHA-256 comes back in lowercase hex. */
    public static Offer decode(ByteBuffer body) throws MalformedDatagramException {
        String token = string(body, length8(body, "token"), "token");
        String presenter = string(body, length8(body, "presenter"), "presenter");
        Body.need(body, 2, "file name length");
        String fileName = string(body, body.getShort() & 0xFFFF, "file name");
        Body.need(body, 8 + SHA256_BYTES + 2 + 4, "OFFER fields");
        long size = body.getLong();
        byte[] sha = new byte[SHA256_BYTES];
        body.get(sha);
        int chunkSize = body.getShort() & 0xFFFF;
        int ts = body.getInt();
        Body.end(body, "OFFER");
        if (size < 0) {
            throw new MalformedDatagramException("OFFER size is negative");
        }
        if (chunkSize == 0) {
            throw new MalformedDatagramException("OFFER chunk size is 0");
        }
        return new Offer(token, presenter, fileName, size, HexFormat.of().formatHex(sha), chunkSize, ts);
    }

    private static int length8(ByteBuffer body, String what) throws MalformedDatagramException {
        Body.need(body, 1, what + " length");
        return body.get() & 0xFF;
    }

    private static String string(ByteBuffer body, int length, String what) throws MalformedDatagramException {
        Body.need(body, length, what);
        ByteBuffer slice = body.slice(body.position(), length);
        body.position(body.position() + length);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(slice).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedDatagramException("OFFER " + what + " is not UTF-8");
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
