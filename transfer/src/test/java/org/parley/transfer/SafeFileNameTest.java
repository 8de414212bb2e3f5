package org.parley.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeFileNameTest {
    @ParameterizedTest
    @ValueSource(strings = {"lecture1.mp4", "notes v2.txt", ".hidden", "ünïcødé.pdf", "a"})
    void acceptsPlainBaseNames(String name) {
        assertThat(SafeFileName.isSafe(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "../x", "a/b", "a\\b", "c:x", "x..y", "tab\there", "nul\u0000", "line\u2028sep",
            "/etc/passwd"})
    void refusesAnythingThatIsNotAPlainBaseName(String name) {
        assertThat(SafeFileName.isSafe(name)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void refusesNullAndOverlongNames() {
        assertThat(SafeFileName.isSafe(null)).isFalse();
        assertThat(SafeFileName.isSafe("x".repeat(SafeFileName.MAX_CHARS + 1))).isFalse();
        assertThat(SafeFileName.isSafe("x".repeat(SafeFileName.MAX_CHARS))).isTrue();
    }
}
