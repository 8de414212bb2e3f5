package org.parley.transfer.seal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.parley.transfer.wire.Wire;

/**
 * Seals with AES-256-GCM under a nonce that never repeats within the key: the role's constant and the type,
 * then a counter that only goes up, one value per datagram sent, retransmissions included
 * ({@link SealedLayout#nonce}). No associated data: see {@link SealedLayout} for how the clear header is
 * authenticated all the same.
 *
 * <p>Threads: any. The counter is atomic; the cipher, nonce and buffers are per thread (a Cipher is not
 * thread-safe, and a transfer seals from its sender thread, the receive thread and the worker), shared by every
 * transfer that thread seals for, so no datagram allocates more than the {@link GCMParameterSpec} the JCE API
 * insists on. The cipher works on byte arrays: the JDK's array path is measurably faster than its direct-buffer
 * path (docs/ARCHITECTURE.md), more than the one copy of the body into the array costs.
 */
final class AeadSealer implements Sealer {
    private static final int MAX_BYTES = 65_536;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final SecretKeySpec key;
    private final int role;
    private final AtomicLong counter = new AtomicLong();

    AeadSealer(byte[] key, Role self) {
        this.key = new SecretKeySpec(key, "AES");
        this.role = self.nonceConstant();
    }

    @Override
    public ByteBuffer seal(ByteBuffer encoded) {
        long n = counter.getAndIncrement();
        if (n < 0) {
            throw new IllegalStateException("the transfer's nonce counter is exhausted");
        }
        Scratch s = SCRATCH.get();
        int bodyBytes = encoded.limit() - Wire.HEADER_BYTES;
        encoded.get(Wire.HEADER_BYTES, s.body, 0, bodyBytes);
        byte type = encoded.get(3);
        ByteBuffer out = s.outView.clear();
        out.putShort(0, Wire.MAGIC).put(2, SealedLayout.VERSION).put(3, type)
                .putInt(SealedLayout.ROLE_OFFSET, role)
                .putLong(SealedLayout.ID_OFFSET, encoded.getLong(SealedLayout.ID_OFFSET))
                .putLong(SealedLayout.COUNTER_OFFSET, n);
        SealedLayout.nonce(s.nonce, role, type, n);
        int sealedBody;
        try {
            s.cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(SealedLayout.TAG_BITS, s.nonce));
            sealedBody = s.cipher.doFinal(s.body, 0, bodyBytes, s.out, SealedLayout.HEADER_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to seal", e);
        }
        return out.limit(SealedLayout.HEADER_BYTES + sealedBody);
    }

    /** One thread's reusable cipher and buffers. */
    private static final class Scratch {
        final Cipher cipher = Aead.newCipher();
        final byte[] nonce = new byte[SealedLayout.NONCE_BYTES];
        final byte[] body = new byte[MAX_BYTES];
        final byte[] out = new byte[MAX_BYTES + SealedLayout.OVERHEAD];
        final ByteBuffer outView = ByteBuffer.wrap(out);
    }
}
