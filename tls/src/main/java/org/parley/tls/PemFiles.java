package org.parley.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads and writes PEM: certificates ({@code CERTIFICATE}) and unencrypted private keys in PKCS#8
 * ({@code PRIVATE KEY}) or the older OpenSSL forms ({@code EC PRIVATE KEY}, {@code RSA PRIVATE KEY}),
 * which are what certbot, openssl and most CAs hand out. Every error names the file.
 */
public final class PemFiles {

    private PemFiles() {
    }

    /** Reads a key and its certificate chain (leaf first, as in {@code fullchain.pem}). */
    public static TlsIdentity readIdentity(Path certificateFile, Path keyFile) throws IOException {
        List<X509Certificate> chain = readCertificates(certificateFile);
        PrivateKey key = readPrivateKey(keyFile);
        if (!key.getAlgorithm().equals(chain.get(0).getPublicKey().getAlgorithm())) {
            throw new IOException(keyFile + " holds a " + key.getAlgorithm() + " key but the certificate in "
                    + certificateFile + " is for a " + chain.get(0).getPublicKey().getAlgorithm() + " key");
        }
        return new TlsIdentity(key, chain);
    }

    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(in)) {
            for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
                if (o instanceof X509CertificateHolder holder) {
                    certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
                }
            }
        } catch (CertificateException | RuntimeException e) {
            throw new IOException(file + " is not a readable PEM certificate file: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IOException(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return certificates;
    }

    public static PrivateKey readPrivateKey(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(in)) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (o instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
                if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new IOException(file + " holds an encrypted private key; give Parley an unencrypted"
                            + " one (openssl pkey -in key.pem -out plain.pem) and make it readable by its owner only");
                }
            }
        } catch (RuntimeException e) {
            throw new IOException(file + " is not a readable PEM private key file: " + e.getMessage(), e);
        }
        throw new IOException(file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }

    /** Writes the key (PKCS#8) and the chain, each owner-only and atomically; the key first. */
    public static void writeIdentity(TlsIdentity identity, Path certificateFile, Path keyFile) throws IOException {
        OwnerOnlyFiles.writeAtomically(keyFile, encode(List.of(identity.privateKey())));
        OwnerOnlyFiles.writeAtomically(certificateFile, encode(identity.chain()));
    }

    private static byte[] encode(List<?> objects) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object o : objects) {
                if (o instanceof PrivateKey key) {
                    writer.writeObject(new JcaPKCS8Generator(key, null));
                } else {
                    writer.writeObject(o);
                }
            }
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
