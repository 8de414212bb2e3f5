package org.parley.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PhcPasswordHasherTest {

    private static final Pattern ARGON2ID = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");

    private final PhcPasswordHasher hasher = new PhcPasswordHasher(HashCost.testing());

    // Argon2 reference implementation test vectors (src/test.c, also RustCrypto's KATs):
    // password "password", salt "somesalt", 32-byte hash.
    private static final String REF_ARGON2ID = "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4";
    private static final String REF_ARGON2ID_P2 = "$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc";
    private static final String REF_ARGON2I = "$argon2i$v=19$m=256,t=2,p=1$c29tZXNhbHQ$iekCn0Y3spW+sCcFanM2xBT63UP2sghkUoHLIUpWRS8";
    private static final String REF_ARGON2I_V16 = "$argon2i$m=256,t=2,p=1$c29tZXNhbHQ$/U3YPXYsSb3q9XxHvc0MLxur+GP960kN9j7emXX8zwY";
    private static final String REF_ARGON2D = "$argon2d$v=19$m=256,t=2,p=1$c29tZXNhbHQ$JcTui6RIBUtJ78gE5Hi52CO+H5vS6Z9R1uxAB6OhUB8";
    // passlib's documented examples (adapted base64, bare rounds); checked with Python's hashlib.
    private static final String PASSLIB_PASSWORD = "$pbkdf2-sha256$6400$0ZrzXitFSGltTQnBWOsdAw$Y11AchqV4b0sUisdZd0Xr97KWoymNE0LNNrnEgY4H9M";
    private static final String PASSLIB_ADAPTED_DOT = "$pbkdf2-sha256$29000$N2YMIWQsBWBMae09x1jrPQ$1t8iyB2A.WF/Z5JZv.lfCIhXXN33N23OSgQYThBYRfk";

    @Test
    void roundTripVerifiesTheRightPasswordOnly() {
        String phc = hasher.hash("falcon*solo".toCharArray());

        assertThat(hasher.verify("falcon*solo".toCharArray(), phc)).isTrue();
        assertThat(hasher.verify("falcon*sola".toCharArray(), phc)).isFalse();
        assertThat(hasher.verify("".toCharArray(), phc)).isFalse();
    }

    @Test
    void hashIsArgon2idV19AtTheConfiguredCostWith16ByteSaltAnd32ByteHash() {
        Matcher m = ARGON2ID.matcher(hasher.hash("pw".toCharArray()));

        assertThat(m.matches()).isTrue();
        assertThat(new HashCost(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)))).isEqualTo(HashCost.testing());
        assertThat(Base64.getDecoder().decode(m.group(4))).hasSize(16);
        assertThat(Base64.getDecoder().decode(m.group(5))).hasSize(32);
    }

    @Test
    void productionHashCarriesTheProductionParametersAndVerifies() {
        PhcPasswordHasher production = new PhcPasswordHasher(HashCost.production());
        String phc = production.hash("wise@!man".toCharArray());

        assertThat(phc).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        // Verification recomputes with the parameters written in the string, so a match proves the
        // hash really was made at that cost.
        assertThat(production.verify("wise@!man".toCharArray(), phc)).isTrue();
        assertThat(production.needsRehash(phc)).isFalse();
    }

    @Test
    void freshSaltEveryTime() {
        assertThat(hasher.hash("same".toCharArray())).isNotEqualTo(hasher.hash("same".toCharArray()));
    }

    @Test
    void leavesTheCallersPasswordArrayAlone() {
        char[] password = "gold*en".toCharArray();
        String phc = hasher.hash(password);
        hasher.verify(password, phc);

        assertThat(password).containsExactly("gold*en".toCharArray());
    }

    @Test
    void nonAsciiPasswordsAreHashedAsUtf8() {
        String phc = hasher.hash("pässwörd".toCharArray());

        assertThat(hasher.verify("pässwörd".toCharArray(), phc)).isTrue();
        assertThat(hasher.verify("passwort".toCharArray(), phc)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {REF_ARGON2ID, REF_ARGON2ID_P2, REF_ARGON2I, REF_ARGON2I_V16, REF_ARGON2D})
    void verifiesArgon2ReferenceVectors(String phc) {
        assertThat(hasher.verify("password".toCharArray(), phc)).isTrue();
        assertThat(hasher.verify("passwore".toCharArray(), phc)).isFalse();
    }

    @Test
    void referenceVectorReencodesToTheSameString() {
        assertThat(StoredHash.parse(REF_ARGON2ID)).get().extracting(StoredHash::toPhc).isEqualTo(REF_ARGON2ID);
        assertThat(StoredHash.parse(REF_ARGON2I_V16)).get().extracting(StoredHash::toPhc).isEqualTo(REF_ARGON2I_V16);
    }

    @Test
    void verifiesPasslibPbkdf2Sha256Hashes() {
        assertThat(hasher.verify("password".toCharArray(), PASSLIB_PASSWORD)).isTrue();
        assertThat(hasher.verify("Password".toCharArray(), PASSLIB_PASSWORD)).isFalse();
        assertThat(hasher.verify("toomanysecrets".toCharArray(), PASSLIB_ADAPTED_DOT)).isTrue();
        assertThat(hasher.verify("joshua".toCharArray(), PASSLIB_ADAPTED_DOT)).isFalse();
    }

    @Test
    void pbkdf2MatchesRfc7914Vector() {
        byte[] expected = HexFormat.of().parseHex("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");

        assertThat(Pbkdf2Sha256Hash.derive("passwd".toCharArray(), "salt".getBytes(), 1, 64)).isEqualTo(expected);

        // The same vector as a PHC string, in both parameter spellings.
        String hash = PhcBase64.encode(expected);
        assertThat(hasher.verify("passwd".toCharArray(), "$pbkdf2-sha256$i=1$c2FsdA$" + hash)).isTrue();
        assertThat(hasher.verify("passwd".toCharArray(), "$pbkdf2-sha256$i=1,l=64$c2FsdA$" + hash)).isTrue();
        assertThat(hasher.verify("passwe".toCharArray(), "$pbkdf2-sha256$i=1$c2FsdA$" + hash)).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "falcon*solo",
        "$argon2id$",
        "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ",
        "$argon2id$v=19$m=256,t=2,p=1c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4=",
        "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4$",
        "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR*uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=18$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$t=2,m=256,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=0256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=256,t=0,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=256,t=2,p=0$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=4194304,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=256,t=99999,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=256,t=2,p=1,keyid=abc$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbA$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR",
        "$argon2x$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
        "$pbkdf2-sha256$i=0$c2FsdA$VawEblbjCJ/sFpHCJUS2BflBhSFt3gRl5oudV8INrLw",
        "$pbkdf2-sha256$i=99999999$c2FsdA$VawEblbjCJ/sFpHCJUS2BflBhSFt3gRl5oudV8INrLw",
        "$pbkdf2-sha256$i=1,l=31$c2FsdA$VawEblbjCJ/sFpHCJUS2BflBhSFt3gRl5oudV8INrLw",
        "$pbkdf2-sha256$i=1,x=32$c2FsdA$VawEblbjCJ/sFpHCJUS2BflBhSFt3gRl5oudV8INrLw",
        "$pbkdf2-sha256$r=1$c2FsdA$VawEblbjCJ/sFpHCJUS2BflBhSFt3gRl5oudV8INrLw",
        "$pbkdf2-sha256$i=1$$VawEblbjCJ/sFpHCJUS2BflBhSFt3gRl5oudV8INrLw",
        "$pbkdf2-sha256$i=1$c2FsdA$VawEblbj",
        "$pbkdf2-sha256$i=1$c2FsdA",
    })
    void malformedOrUnsupportedHashesNeverVerifyAndNeverThrow(String phc) {
        assertThat(hasher.verify("password".toCharArray(), phc)).isFalse();
        assertThat(hasher.verify("passwd".toCharArray(), phc)).isFalse();
        assertThat(hasher.needsRehash(phc)).isTrue();
        assertThat(PhcHashes.isSupported(phc)).isFalse();
    }

    @Test
    void nullPasswordDoesNotVerify() {
        assertThat(hasher.verify(null, REF_ARGON2ID)).isFalse();
    }

    @Test
    void needsRehashOnlyWhenNotCurrentArgon2idAtTheConfiguredCost() {
        assertThat(hasher.needsRehash(hasher.hash("pw".toCharArray()))).isFalse();

        PhcPasswordHasher stronger = new PhcPasswordHasher(new HashCost(128, 1, 1));
        assertThat(stronger.needsRehash(hasher.hash("pw".toCharArray()))).isTrue();

        PhcPasswordHasher atReferenceCost = new PhcPasswordHasher(new HashCost(256, 2, 1));
        // Reference vector: right cost but an 8-byte salt.
        assertThat(atReferenceCost.needsRehash(REF_ARGON2ID)).isTrue();
        assertThat(atReferenceCost.needsRehash(REF_ARGON2I)).isTrue();
        assertThat(atReferenceCost.needsRehash(REF_ARGON2D)).isTrue();
        assertThat(hasher.needsRehash(PASSLIB_PASSWORD)).isTrue();
    }

    @Test
    void needsRehashForOldArgon2Version() {
        // A v=16 argon2id string with a 16-byte salt and 32-byte hash at the testing cost.
        String v16 = "$argon2id$m=64,t=1,p=1$" + PhcBase64.encode(new byte[16]) + "$" + PhcBase64.encode(new byte[32]);
        assertThat(PhcHashes.isSupported(v16)).isTrue();
        assertThat(hasher.needsRehash(v16)).isTrue();
        assertThat(hasher.needsRehash(v16.replace("$argon2id$", "$argon2id$v=19$"))).isFalse();
    }
}
