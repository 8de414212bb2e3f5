package org.parley.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes EC P-256 key pairs and X.509 certificates with BouncyCastle's builder (the JDK has no public API
 * for issuing a certificate). Keys and signatures come from the JDK's own providers, so what is made here
 * is exactly what JSSE will later use.
 *
 * <p>Stateless and thread-safe.
 */
public final class Certificates {

    /** Clocks disagree: a certificate made now must already be valid on a peer whose clock runs behind. */
    private static final Duration BACKDATE = Duration.ofHours(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private Certificates() {
    }

    /** A fresh key pair and a certificate it signed itself, valid from an hour ago for {@code validity}. */
    public static TlsIdentity selfSigned(String commonName, Duration validity) {
        Instant now = Instant.now();
        return issue(commonName, List.of(), null, false, now.minus(BACKDATE), now.plus(validity));
    }

    /**
     * A fresh key pair and a certificate for it signed by {@code issuer} (or by itself when {@code issuer}
     * is null), naming {@code dnsNames} (IP literals become IP address names) as subject alternative names.
     * {@code ca} makes a certificate authority. Parley itself only makes self-signed identities; the rest
     * is here so tests, and operators with their own tooling, can build a CA-issued chain the same way.
     */
    public static TlsIdentity issue(String commonName, List<String> dnsNames, TlsIdentity issuer, boolean ca,
                                    Instant notBefore, Instant notAfter) {
        try {
            KeyPair keys = newKeyPair();
            X500Name subject = name(commonName);
            X500Name issuerName = issuer == null
                    ? subject
                    : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
                    new BigInteger(127, RANDOM).add(BigInteger.ONE), Date.from(notBefore), Date.from(notAfter),
                    subject, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.keyUsage, true, ca
                    ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature)
                    : new KeyUsage(KeyUsage.digitalSignature));
            if (!ca) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                        new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            }
            if (!dnsNames.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(dnsNames));
            }
            var signingKey = issuer == null ? keys.getPrivate() : issuer.privateKey();
            var signer = new JcaContentSignerBuilder(signatureAlgorithm(signingKey.getAlgorithm())).build(signingKey);
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            List<X509Certificate> chain = issuer == null
                    ? List.of(certificate)
                    : concat(certificate, issuer.chain());
            return new TlsIdentity(keys.getPrivate(), chain);
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot make a certificate for " + commonName, e);
        }
    }

    static boolean isSelfSigned(X509Certificate certificate) {
        if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        try {
            certificate.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static String signatureAlgorithm(String keyAlgorithm) {
        return switch (keyAlgorithm) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> throw new IllegalArgumentException("cannot sign with a " + keyAlgorithm + " key");
        };
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    private static GeneralNames alternativeNames(List<String> names) {
        return new GeneralNames(names.stream()
                .map(n -> new GeneralName(looksLikeIp(n) ? GeneralName.iPAddress : GeneralName.dNSName, n))
                .toArray(GeneralName[]::new));
    }

    private static boolean looksLikeIp(String name) {
        return name.contains(":") || name.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }

    private static List<X509Certificate> concat(X509Certificate first, List<X509Certificate> rest) {
        var all = new java.util.ArrayList<X509Certificate>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
