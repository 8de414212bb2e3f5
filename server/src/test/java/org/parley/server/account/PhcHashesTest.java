package org.parley.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhcHashesTest {

    @ParameterizedTest
    @ValueSource(strings = {"$argon2id$v=19$m=64,t=1,p=1$abc$def", "$pbkdf2-sha256$i=1$a$b", "$argon2i$x",
        "$argon2d$", "$argon2id$"})
    void fieldsWithThePrefixOfASupportedSchemeAreHashes(String field) {
        assertThat(PhcHashes.looksLikeHash(field)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"falcon*solo", "$ecret", "$$", "$$x", "$Argon2id$x", "$a b$c", "x$argon2id$v=19",
        "$argon2_id$x", "$", "", "$aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa$x", "$blasterpistol$", "$2b$12$xyz",
        "$abc$def", "$x$", "$argon2$x", "$argon2idx$y", "$pbkdf2-sha512$i=1$a$b", "$argon2id"})
    void otherFieldsAreClearPasswords(String field) {
        assertThat(PhcHashes.looksLikeHash(field)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"$2b$12$xyz", "$abc$def", "$argon2id$v=19$m=64,t=1,p=1$abc$def"})
    void hashShapedButUnsupportedIsNotSupported(String field) {
        assertThat(PhcHashes.isSupported(field)).isFalse();
    }
}
