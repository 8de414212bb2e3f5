package org.parley.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {

    @TempDir
    Path dir;

    @Test
    void anIdentityWrittenIsReadBackWithTheSameFingerprintAndOwnerOnly() throws Exception {
        TlsIdentity identity = Certificates.selfSigned("parley", Duration.ofDays(30));
        Path cert = dir.resolve("tls/server.crt");
        Path key = dir.resolve("tls/server.key");

        PemFiles.writeIdentity(identity, cert, key);
        TlsIdentity read = PemFiles.readIdentity(cert, key);

        assertThat(read.fingerprint()).isEqualTo(identity.fingerprint());
        assertThat(read.privateKey().getEncoded()).isEqualTo(identity.privateKey().getEncoded());
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cert))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("tls"))))
                .isEqualTo("rwx------");
        assertThat(read.selfSigned()).isTrue();
    }

    @Test
    void aChainIsReadLeafFirst() throws Exception {
        Instant now = Instant.now();
        TlsIdentity ca = Certificates.issue("Test CA", List.of(), null, true, now, now.plusSeconds(3600));
        TlsIdentity leaf = Certificates.issue("chat.example", List.of("chat.example", "127.0.0.1"), ca, false,
                now, now.plusSeconds(3600));
        PemFiles.writeIdentity(leaf, dir.resolve("fullchain.pem"), dir.resolve("key.pem"));

        TlsIdentity read = PemFiles.readIdentity(dir.resolve("fullchain.pem"), dir.resolve("key.pem"));

        assertThat(read.chain()).hasSize(2);
        assertThat(read.selfSigned()).isFalse();
        assertThat(read.chain().get(1)).isEqualTo(ca.certificate());
        read.certificate().verify(ca.certificate().getPublicKey());
    }

    @Test
    void badFilesAreNamedInTheError() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.pem"), "hello\n");
        assertThatThrownBy(() -> PemFiles.readCertificates(junk)).hasMessageContaining("junk.pem")
                .hasMessageContaining("no PEM certificate");
        assertThatThrownBy(() -> PemFiles.readPrivateKey(junk)).hasMessageContaining("junk.pem")
                .hasMessageContaining("no PEM private key");
        TlsIdentity a = Certificates.selfSigned("a", Duration.ofDays(1));
        var text = new java.io.StringWriter();
        try (var writer = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(text)) {
            writer.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(a.privateKey(),
                    new org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder(
                            org.bouncycastle.openssl.PKCS8Generator.AES_256_CBC).setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()).setPassword("pw".toCharArray()).build()));
        }
        Path encrypted = Files.writeString(dir.resolve("enc.pem"), text.toString());
        assertThatThrownBy(() -> PemFiles.readPrivateKey(encrypted)).hasMessageContaining("enc.pem").hasMessageContaining("encrypted");
    }
}
