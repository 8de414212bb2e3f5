package org.parley.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.parley.server.storage.StoreStatusFixture;

class ClusterReadinessTest {

    @Test
    void aClusterNodeIsNotReadyWhileItsBusIsDown() {
        Readiness readiness = new Readiness(new StoreStatusFixture().status());
        AtomicBoolean connected = new AtomicBoolean(true);
        readiness.clusterBus(connected::get);
        readiness.accepting();
        assertThat(readiness.notReadyBecause()).isEmpty();
        connected.set(false);
        assertThat(readiness.notReadyBecause()).hasValue("cluster bus down: not hearing the other nodes");
        connected.set(true);
        assertThat(readiness.notReadyBecause()).isEmpty();
    }
}
