package org.parley.transfer.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

/**
 * OFFER body: token (u8 length + UTF-8), presenter (u8 length + UTF-8), file name (u16 length + UTF-8),
 * size (u64), SHA-256 (32 bytes), chunk size (u16), timestamp (u32).
 */
public record Offer(String token, String presenter, String fileName, long size, String sha256Hex, int chunkSize,
                    int tsMicros) {
    private static final int SHA256_BYTES = 32;

    /** Bytes the body needs; the caller checks it fits its datagram size. */
    public int bodyBytes() {
        return 1 + utf8(token).length + 1 + utf8(presenter).length + 2 + utf8(fileName).length + 8 + SHA256_BYTES + 2
                + 4;
    }

    public void encode(ByteBuffer buffer) {
        byte[] tokenBytes = utf8(token);
        byte[] presenterBytes = utf8(presenter);
        byte[] nameBytes = utf8(fileName);
        if (tokenBytes.length > 255 || presenterBytes.length > 255 || nameBytes.length > 65_535) {
            throw new IllegalArgumentException("offer field too long");
        }
        buffer.put((byte) tokenBytes.length).put(tokenBytes);
        buffer.put((byte) presenterBytes.length).put(presenterBytes);
        buffer.putShort((short) nameBytes.length).put(nameBytes);
        buffer.putLong(size).put(HexFormat.of().parseHex(sha256Hex)).putShort((short) chunkSize).putInt(tsMicros);
    }

    /** Reads the body at the buffer's position; empty when it is truncated or malformed. */
    public static Optional<Offer> decode(ByteBuffer buffer) {
        try {
            String token = string(buffer, buffer.get() & 0xFF);
            String presenter = string(buffer, buffer.get() & 0xFF);
            String fileName = string(buffer, buffer.getShort() & 0xFFFF);
            long size = buffer.getLong();
            byte[] sha = new byte[SHA256_BYTES];
            buffer.get(sha);
            int chunkSize = buffer.getShort() & 0xFFFF;
            int ts = buffer.getInt();
            if (size < 0 || chunkSize == 0 || buffer.hasRemaining()) {
                return Optional.empty();
            }
            return Optional.of(new Offer(token, presenter, fileName, size, HexFormat.of().formatHex(sha), chunkSize,
                    ts));
        } catch (RuntimeException | CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static String string(ByteBuffer buffer, int length) throws CharacterCodingException {
        ByteBuffer slice = buffer.slice(buffer.position(), length);
        buffer.position(buffer.position() + length);
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(slice).toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
