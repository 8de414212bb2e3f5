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

    @ParameterizedTest
    @ValueSource(strings = {"photo\u202Egnp.exe", "a\u202Ab", "a\u202Bb", "a\u202Cb", "a\u202Db", "a\u2066b", "a\u2067b",
            "a\u2068b", "a\u2069b", "lone\ud800", "lone\udc00.txt", "\ud800\ud800", "x\ud83d"})
    void refusesBidiControlsAndLoneSurrogates(String name) {
        assertThat(SafeFileName.isSafe(name)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void acceptsRightToLeftNamesAndSurrogatePairs() {
        assertThat(SafeFileName.isSafe("\u05e9\u05dc\u05d5\u05dd.txt")).isTrue();
        assertThat(SafeFileName.isSafe("smile\ud83d\ude00.png")).isTrue();
        assertThat(SafeFileName.isSafe("a\u202Fb\u2065c")).isTrue();
    }

    @org.junit.jupiter.api.Test
    void refusesNullAndOverlongNames() {
        assertThat(SafeFileName.isSafe(null)).isFalse();
        assertThat(SafeFileName.isSafe("x".repeat(SafeFileName.MAX_CHARS + 1))).isFalse();
        assertThat(SafeFileName.isSafe("x".repeat(SafeFileName.MAX_CHARS))).isTrue();
    }
}
