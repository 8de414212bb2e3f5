package org.parley.server.privatechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrivateChatTokensTest {

    private final PrivateChatTokens tokens = new PrivateChatTokens();

    @Test
    void tokenIsOneBase64UrlWordWithoutPadding() {
        String token = tokens.issue("yoda", "luke");

        assertThat(token).matches("[A-Za-z0-9_-]{22}");
    }

    @Test
    void tokenCarries128RandomBits() {
        byte[] decoded = Base64.getUrlDecoder().decode(tokens.issue("yoda", "luke"));

        assertThat(decoded).hasSize(16);
    }

    @Test
    void tokensDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            seen.add(tokens.issue("yoda", "luke"));
        }

        assertThat(seen).hasSize(10_000);
    }

    @Test
    void tokensForTheSamePairDiffer() {
        assertThat(tokens.issue("yoda", "luke")).isNotEqualTo(tokens.issue("yoda", "luke"));
    }

    @Test
    void refusesAChatWithOneself() {
        assertThatThrownBy(() -> tokens.issue("yoda", "yoda")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesMissingNames() {
        assertThatThrownBy(() -> tokens.issue(null, "luke")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> tokens.issue("yoda", null)).isInstanceOf(NullPointerException.class);
    }
}
