package org.parley.transfer.seal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.parley.transfer.wire.Wire;

/**
 * Opens what the peer sealed, cheapest checks first: length and the peer's role constant, then the replay
 * window (no cipher work for a replay), then AES-GCM, and only an authentic datagram moves the window. The
 * ciphertext is copied to the receive thread's one array and the plaintext goes to its one scratch buffer (the
 * JDK's array path is the fast one), and the window is a fixed bitmap, so no datagram makes the receiver
 * allocate anything but the {@link GCMParameterSpec} the JCE API insists on.
 *
 * <p>Receive thread only (cipher, window and buffer are not shared).
 */
final class AeadOpener implements Opener {
    private final SecretKeySpec key;
    private final int peerRole;
    private final Cipher cipher = Aead.newCipher();
    private final ReplayWindow window = new ReplayWindow();
    private final DropCounter drops = new DropCounter();
    private final byte[] nonce = new byte[SealedLayout.NONCE_BYTES];
    private final ByteBuffer nonceView = ByteBuffer.wrap(nonce);
    private final byte[] aad = new byte[SealedLayout.AAD_BYTES];
    /** The ciphertext, copied out of the socket's direct buffer; one per receive thread, shared by its openers. */
    private static final ThreadLocal<byte[]> SEALED = ThreadLocal.withInitial(() -> new byte[65_536]);

    AeadOpener(byte[] key, Role peer) {
        this.key = new SecretKeySpec(key, "AES");
        this.peerRole = peer.nonceConstant();
    }

    @Override
    public ByteBuffer open(ByteBuffer datagram, ByteBuffer plain) {
        int limit = datagram.limit();
        if (limit < SealedLayout.MIN_BYTES || datagram.get(2) != SealedLayout.VERSION
                || datagram.getInt(SealedLayout.ROLE_OFFSET) != peerRole) {
            drops.unauthentic();
            return null;
        }
        long counter = datagram.getLong(SealedLayout.COUNTER_OFFSET);
        if (!window.isFresh(counter)) {
            drops.replayed();
            return null;
        }
        int sealedBytes = limit - SealedLayout.AAD_BYTES;
        byte[] sealed = SEALED.get();
        datagram.get(SealedLayout.AAD_BYTES, sealed, 0, sealedBytes);
        datagram.get(0, aad);
        nonceView.putInt(0, peerRole).putLong(4, counter);
        int bodyBytes;
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(SealedLayout.TAG_BITS, nonce));
            cipher.updateAAD(aad);
            bodyBytes = cipher.doFinal(sealed, 0, sealedBytes, plain.array(),
                    plain.arrayOffset() + Wire.HEADER_BYTES);
        } catch (AEADBadTagException e) {
            drops.unauthentic();
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to open", e);
        }
        window.mark(counter);
        plain.clear();
        plain.putShort(Wire.MAGIC).put(Wire.VERSION).put(datagram.get(3)).putInt(0)
                .putLong(datagram.getLong(SealedLayout.ID_OFFSET));
        return plain.position(0).limit(Wire.HEADER_BYTES + bodyBytes);
    }

    @Override
    public DropCounter drops() {
        return drops;
    }
}
