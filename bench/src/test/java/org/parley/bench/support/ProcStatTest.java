package org.parley.bench.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatTest {

    @Test
    void userAndSystemTicksAreFieldsFourteenAndFifteen() {
        String stat = "4242 (java) S 4200 4242 4200 34816 4242 4194560 12000 0 3 0 1234 56 0 0 20 0 25 0 987 "
                + "3000000000 20000 18446744073709551615 1 1 0 0 0 0 0 2 16795903 0 0 0 17 1 0 0 0 0 0\n";

        assertThat(ProcStat.cpuTicks(stat)).isEqualTo(1234 + 56);
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        String stat = "77 (my (odd) name) R 1 77 77 0 -1 4194304 10 0 0 0 7 3 0 0 20 0 1 0 5 1000 100 0\n";

        assertThat(ProcStat.cpuTicks(stat)).isEqualTo(10);
    }

    @Test
    void thisProcessHasUsedSomeCpu() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/self/stat")),
                "no /proc on this system");
        assertThat(ProcStat.cpuSeconds(ProcessHandle.current().pid())).isPositive();
    }
}
