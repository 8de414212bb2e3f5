package org.parley.transfer.seal;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;

final class Aead {
    private Aead() {
    }

    static Cipher newCipher() {
        try {
            return Cipher.getInstance(SealedLayout.CIPHER);
        } catch (GeneralSecurityException e) {
            // Every Java SE runtime must provide AES/GCM/NoPadding (Cipher's documented requirements).
            throw new IllegalStateException("this JDK has no " + SealedLayout.CIPHER, e);
        }
    }
}
