package org.parley.server.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HashCostTest {

    @Test
    void productionIsOwaspFirstArgon2idConfiguration() {
        assertThat(HashCost.production()).isEqualTo(new HashCost(19_456, 2, 1));
    }

    @Test
    void testingIsCheap() {
        assertThat(HashCost.testing()).isEqualTo(new HashCost(64, 1, 1));
    }

    @Test
    void parsesPresetNamesInAnyCase() {
        assertThat(HashCost.parse("production")).isEqualTo(HashCost.production());
        assertThat(HashCost.parse(" Testing ")).isEqualTo(HashCost.testing());
    }

    @Test
    void parsesExplicitParametersInAnyOrder() {
        assertThat(HashCost.parse("m=47104,t=1,p=1")).isEqualTo(new HashCost(47_104, 1, 1));
        assertThat(HashCost.parse("p=2, t=3, m=65536")).isEqualTo(new HashCost(65_536, 3, 2));
    }

    @Test
    void toStringParsesBack() {
        HashCost cost = new HashCost(12_288, 3, 1);
        assertThat(HashCost.parse(cost.toString())).isEqualTo(cost);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "fast", "m=64,t=1", "m=64,t=1,p=1,x=2", "m=64,t=1,p=1,m=64", "m=64;t=1;p=1",
        "m=-64,t=1,p=1", "m=sixty,t=1,p=1", "m=64,t=0,p=1", "m=64,t=1,p=0", "m=7,t=1,p=1", "m=64,t=1,p=9",
        "m=2000000,t=1,p=1", "m=64,t=65,p=1", "m=64,t=1,p=17", "m=99999999999,t=1,p=1", "m=64,t=1,p="})
    void rejectsAnythingElseWithAClearMessage(String text) {
        assertThatThrownBy(() -> HashCost.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid hash cost");
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> HashCost.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constructorEnforcesArgon2MinimumMemoryPerLane() {
        assertThatThrownBy(() -> new HashCost(15, 1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new HashCost(16, 1, 2).memoryKiB()).isEqualTo(16);
    }
}
