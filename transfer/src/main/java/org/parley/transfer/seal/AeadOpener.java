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
 * plaintext goes to the receive thread's one scratch buffer and the window is a fixed bitmap, so no datagram
 * makes the receiver allocate anything but the {@link GCMParameterSpec} the JCE API insists on.
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
        plain.clear();
        plain.putShort(Wire.MAGIC).put(Wire.VERSION).put(datagram.get(3)).putInt(0)
                .putLong(datagram.getLong(SealedLayout.ID_OFFSET));
        datagram.get(0, aad);
        nonceView.putInt(0, peerRole).putLong(4, counter);
        int position = datagram.position();
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(SealedLayout.TAG_BITS, nonce));
            cipher.updateAAD(aad);
            datagram.limit(limit).position(SealedLayout.AAD_BYTES);
            cipher.doFinal(datagram, plain);
        } catch (AEADBadTagException e) {
            drops.unauthentic();
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to open", e);
        } finally {
            datagram.limit(limit).position(position);
        }
        window.mark(counter);
        return plain.flip();
    }

    @Override
    public DropCounter drops() {
        return drops;
    }
}
