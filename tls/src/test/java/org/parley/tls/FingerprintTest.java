package org.parley.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FingerprintTest {

    private final TlsIdentity identity = Certificates.selfSigned("test", Duration.ofDays(1));

    @Test
    void isTheSha256OfTheDerEncodingInSshStyle() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.certificate().getEncoded());
        Fingerprint f = identity.fingerprint();
        assertThat(f.value()).startsWith("SHA256:").hasSize(7 + 43).doesNotContain("=");
        assertThat(java.util.Base64.getDecoder().decode(f.value().substring(7))).isEqualTo(digest);
    }

    @Test
    void parsesItsOwnFormAndOpensslHex() throws Exception {
        Fingerprint f = identity.fingerprint();
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.certificate().getEncoded());
        String hex = HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        assertThat(Fingerprint.parse(" " + f.value() + " ")).isEqualTo(f);
        assertThat(Fingerprint.parse(hex)).isEqualTo(f);
        assertThat(Fingerprint.parse("sha256 Fingerprint=" + hex)).isEqualTo(f);
        assertThat(Fingerprint.parse(hex.replace(":", "").toLowerCase())).isEqualTo(f);
    }

    @Test
    void refusesAnythingElseNamingTheExpectedForms() {
        assertThatThrownBy(() -> Fingerprint.parse("SHA256:short")).hasMessageContaining("43 base64");
        assertThatThrownBy(() -> Fingerprint.parse("AB:CD")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Fingerprint("MD5:abc")).isInstanceOf(IllegalArgumentException.class);
    }
}
