package org.parley.bench.transfer.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class BottleneckLinkTest {
    @Test
    void readsPacketsAndDropsFromTcStatistics() throws IOException {
        String tc = """
                qdisc tbf 8001: root refcnt 3 rate 100Mbit burst 32Kb lat 7.86ms\s
                 Sent 55238954 bytes 37221 pkt (dropped 82, overlimits 51330 requeues 0)\s
                 backlog 0b 0p requeues 0
                """;

        assertThat(BottleneckLink.parse(tc)).isEqualTo(new BottleneckLink.QdiscCounters(37221, 82));
    }

    @Test
    void refusesOutputWithoutCounters() {
        assertThatThrownBy(() -> BottleneckLink.parse("Cannot find device \"plh1\""))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no counters");
    }
}
