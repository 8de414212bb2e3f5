package org.parley.bench.transfer.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.List;
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

    @Test
    void twoLinksAtOnceHaveTheirOwnNamespacesDevicesAndAddressesAndLeaveNothingBehind() throws IOException {
        String why = BottleneckLink.unavailableBecause();
        assumeTrue(why == null, () -> "skipped, cannot build a real link: " + why);
        BottleneckLink first = BottleneckLink.create("100mbit", "32kb", "128kb");
        BottleneckLink second;
        try {
            second = BottleneckLink.create("100mbit", "32kb", "128kb");
        } catch (IOException | RuntimeException e) {
            first.close();
            throw e;
        }
        try (first; second) {
            assertThat(second.namespace()).isNotEqualTo(first.namespace())
                    .startsWith("parley-link-" + ProcessHandle.current().pid() + "-");
            assertThat(second.devices()).doesNotContainAnyElementsOf(first.devices());
            assertThat(second.devices()).allSatisfy(name -> assertThat(name).hasSizeLessThanOrEqualTo(15));
            assertThat(List.of(second.hostAddress(), second.farAddress()))
                    .doesNotContain(first.hostAddress(), first.farAddress());
            // Both shapers are there and counting, each on its own device.
            assertThat(first.towardsFar().dropped()).isZero();
            assertThat(second.towardsHost().dropped()).isZero();
        }
        String namespaces = BottleneckLink.run(List.of("ip", "netns", "list"));
        assertThat(namespaces).doesNotContain(first.namespace(), second.namespace());
        String devices = BottleneckLink.run(List.of("ip", "-o", "link", "show"));
        assertThat(devices).doesNotContain(first.devices().get(0) + "@", second.devices().get(0) + "@");
    }
}
