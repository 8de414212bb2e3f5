package org.parley.transfer.seal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.parley.transfer.wire.Wire;

/**
 * Seals with AES-256-GCM under a nonce that never repeats within the key: the role's constant and a counter
 * that only goes up, one value per datagram sent, retransmissions included.
 *
 * <p>Threads: any. The counter is atomic; the cipher, nonce, associated-data and output buffers are per thread
 * (a Cipher is not thread-safe, and a transfer seals from its sender thread, the receive thread and the
 * worker), shared by every transfer that thread seals for, so no datagram allocates more than the
 * {@link GCMParameterSpec} the JCE API insists on.
 */
final class AeadSealer implements Sealer {
    private static final int OUT_BYTES = 65_536;
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
        ByteBuffer out = s.out;
        out.clear();
        out.putShort(Wire.MAGIC).put(SealedLayout.VERSION).put(encoded.get(3)).putInt(role)
                .putLong(encoded.getLong(SealedLayout.ID_OFFSET)).putLong(n);
        out.get(0, s.aad);
        s.nonceView.putInt(0, role).putLong(4, n);
        int position = encoded.position();
        int limit = encoded.limit();
        try {
            s.cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(SealedLayout.TAG_BITS, s.nonce));
            s.cipher.updateAAD(s.aad);
            encoded.limit(limit).position(Wire.HEADER_BYTES);
            s.cipher.doFinal(encoded, out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to seal", e);
        } finally {
            encoded.limit(limit).position(position);
        }
        return out.flip();
    }

    /** One thread's reusable cipher and buffers. */
    private static final class Scratch {
        final Cipher cipher = Aead.newCipher();
        final byte[] nonce = new byte[SealedLayout.NONCE_BYTES];
        final ByteBuffer nonceView = ByteBuffer.wrap(nonce);
        final byte[] aad = new byte[SealedLayout.AAD_BYTES];
        final ByteBuffer out = ByteBuffer.allocateDirect(OUT_BYTES);
    }
}
