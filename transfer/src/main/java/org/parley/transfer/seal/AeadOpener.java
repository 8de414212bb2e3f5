package org.parley.transfer.seal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.parley.transfer.wire.Wire;

/**
 * Opens what the peer sealed, cheapest checks first: length and the constants of the clear header (version, the
 * peer's role, this transfer's id), then the replay window (no cipher work for a replay), then AES-GCM under the
 * nonce the header's type and counter give, and only an authentic datagram moves the window. A changed header
 * byte therefore fails either a constant check or the tag. The ciphertext is copied to the receive thread's one
 * array and the plaintext goes to its one scratch buffer (the JDK's array path is the fast one), and the window
 * is a fixed bitmap, so no datagram makes the receiver allocate anything but the {@link GCMParameterSpec} the
 * JCE API insists on.
 *
 * <p>Receive thread only (cipher, window and buffer are not shared).
 */
final class AeadOpener implements Opener {
    private final SecretKeySpec key;
    private final long transferId;
    private final int peerRole;
    private final Cipher cipher = Aead.newCipher();
    private final ReplayWindow window = new ReplayWindow();
    private final DropCounter drops = new DropCounter();
    private final byte[] nonce = new byte[SealedLayout.NONCE_BYTES];
    /** The ciphertext, copied out of the socket's direct buffer; one per receive thread, shared by its openers. */
    private static final ThreadLocal<byte[]> SEALED = ThreadLocal.withInitial(() -> new byte[65_536]);

    AeadOpener(byte[] key, long transferId, Role peer) {
        this.key = new SecretKeySpec(key, "AES");
        this.transferId = transferId;
        this.peerRole = peer.nonceConstant();
    }

    @Override
    public ByteBuffer open(ByteBuffer datagram, ByteBuffer plain) {
        int limit = datagram.limit();
        if (limit < SealedLayout.MIN_BYTES || datagram.getShort(0) != Wire.MAGIC
                || datagram.get(2) != SealedLayout.VERSION || datagram.getInt(SealedLayout.ROLE_OFFSET) != peerRole
                || datagram.getLong(SealedLayout.ID_OFFSET) != transferId) {
            drops.unauthentic();
            return null;
        }
        long counter = datagram.getLong(SealedLayout.COUNTER_OFFSET);
        if (!window.isFresh(counter)) {
            drops.replayed();
            return null;
        }
        int sealedBytes = limit - SealedLayout.HEADER_BYTES;
        byte[] sealed = SEALED.get();
        datagram.get(SealedLayout.HEADER_BYTES, sealed, 0, sealedBytes);
        byte type = datagram.get(3);
        SealedLayout.nonce(nonce, peerRole, type, counter);
        int bodyBytes;
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(SealedLayout.TAG_BITS, nonce));
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
        plain.putShort(Wire.MAGIC).put(Wire.VERSION).put(type).putInt(0).putLong(transferId);
        return plain.position(0).limit(Wire.HEADER_BYTES + bodyBytes);
    }

    @Override
    public DropCounter drops() {
        return drops;
    }
}
